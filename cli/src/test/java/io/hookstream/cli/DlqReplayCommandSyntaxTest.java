package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.cli.internal.DeadLetter;
import io.hookstream.cli.internal.DeadLetterFilter;
import io.hookstream.kafka.DeadLetterReplayCommand;
import io.hookstream.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The replay command the dispatcher's {@code GET /v1/dead-letters} shows for a dead letter is one the CLI accepts,
 * and it selects that dead letter and no other.
 */
class DlqReplayCommandSyntaxTest {

    private static final long WRITTEN = 1_700_000_000_123L;

    @Test
    void theShownReplayCommandParsesAndSelectsExactlyItsDeadLetter() {
        String shown = DeadLetterReplayCommand.render(new TopicNames("team-a."), 2, 41, WRITTEN);
        assertThat(shown).startsWith("hookstream dlq replay ");

        CommandLine.ParseResult parsed = new CommandLine(new DlqCommand())
                .parseArgs(shown.substring("hookstream dlq ".length()).split(" "));

        DlqCommand.Replay replay =
                (DlqCommand.Replay) parsed.subcommand().commandSpec().userObject();
        assertThat(replay.dryRun).isFalse();
        assertThat(replay.connection.topics().dlq()).isEqualTo("team-a.dlq");
        Clock later = Clock.fixed(Instant.ofEpochMilli(WRITTEN).plusSeconds(86_400 * 30), ZoneOffset.UTC);
        assertThat(replay.selection.from(later).instant()).isEqualTo(Instant.ofEpochMilli(WRITTEN));
        DeadLetterFilter filter = replay.selection.filter();
        assertThat(filter.test(letter("team-a.dlq", 2, 41))).isTrue();
        assertThat(filter.test(letter("team-a.dlq", 2, 42))).isFalse();
        assertThat(filter.test(letter("team-a.dlq", 1, 41))).isFalse();
        assertThat(filter.test(letter("hookstream.dlq", 2, 41))).isFalse();
    }

    private static DeadLetter letter(String topic, int partition, long offset) {
        return DeadLetter.of(new ConsumerRecord<>(
                topic,
                partition,
                offset,
                WRITTEN,
                TimestampType.CREATE_TIME,
                5,
                2,
                "run-1".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(),
                Optional.empty()));
    }
}
