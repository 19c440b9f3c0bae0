package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import io.hookstream.kafka.KafkaSupportException;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TopicProvisioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record of what {@code dlq replay} has replayed: the compacted topic {@code <prefix>dlq-replayed}, one record
 * per replayed dead letter keyed by {@link DeadLetter#id()} (dlq topic-partition-offset). A tombstone for a key
 * makes that dead letter replayable again.
 */
public final class ReplayLedger {

    private ReplayLedger() {}

    public static String topic(TopicNames topics) {
        return topics.prefix() + "dlq-replayed";
    }

    /** Creates the ledger topic (1 partition, compacted) when missing. */
    public static void ensure(Properties common, String topic) {
        try {
            TopicProvisioner.ensure(
                    common,
                    List.of(topic),
                    Map.of(topic, Map.of("cleanup.policy", "compact")),
                    1,
                    0,
                    Duration.ofSeconds(30));
        } catch (KafkaSupportException e) {
            throw new CliException("KafkaUnavailable", KafkaUnavailable.EXIT_CODE, e.getMessage(), e);
        }
    }

    /** The ids of the dead letters replayed so far (committed records only); empty when the topic is missing. */
    public static Set<String> replayed(Properties common, String topic) {
        Set<String> ids = new HashSet<>();
        try (TopicReader reader = TopicReader.open(common, topic, false, null)) {
            if (reader == null) {
                return ids;
            }
            reader.seek(Instant.EPOCH).readToEnd(record -> {
                if (record.key() == null) {
                    return;
                }
                String id = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    ids.remove(id);
                } else {
                    ids.add(id);
                }
            });
        }
        return ids;
    }

    /** The ledger record of one replay. */
    public static ProducerRecord<byte[], byte[]> entry(String topic, DeadLetter letter, Instant now) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("deadLetter", letter.id());
        value.put("originTopic", letter.originTopic());
        value.put("originPartition", letter.originPartition());
        value.put("originOffset", letter.originOffset());
        value.put("reason", letter.reason());
        value.put("replayedAt", now.toString());
        value.values().removeIf(Objects::isNull);
        return OutboundRecords.json(topic, letter.id(), value, List.of());
    }
}
