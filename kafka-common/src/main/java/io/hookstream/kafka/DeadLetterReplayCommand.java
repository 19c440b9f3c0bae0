package io.hookstream.kafka;

import java.time.Instant;

/**
 * The CLI command that replays exactly one dead letter, as the dispatcher's {@code GET /v1/dead-letters} shows it:
 * {@code hookstream dlq replay --since <its time> --filter id=<its id>}, with {@code --topic-prefix} when the
 * installation's prefix is not the default. The CLI's parser accepts it (checked by the CLI's tests); topic names and
 * ISO times need no shell quoting.
 */
public final class DeadLetterReplayCommand {

    private DeadLetterReplayCommand() {}

    /** A dead letter's id, {@code <dlq topic>-<partition>-<offset>}: the key of its record in the replay ledger. */
    public static String id(String dlqTopic, int partition, long offset) {
        return dlqTopic + "-" + partition + "-" + offset;
    }

    /** The command that replays the dead letter at {@code partition}/{@code offset} written at {@code timestampMillis}. */
    public static String render(TopicNames topics, int partition, long offset, long timestampMillis) {
        StringBuilder command = new StringBuilder("hookstream dlq replay");
        if (!TopicNames.DEFAULT_PREFIX.equals(topics.prefix())) {
            command.append(" --topic-prefix ").append(topics.prefix());
        }
        return command.append(" --since ")
                .append(Instant.ofEpochMilli(timestampMillis))
                .append(" --filter id=")
                .append(id(topics.dlq(), partition, offset))
                .toString();
    }
}
