package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@WithEmbeddedKafka
class TopicScanIT {

    @Test
    void aScanFromTheBeginningReadsEveryCommittedRecordUpToTheEndOffsetsOfItsStart(EmbeddedKafkaBroker broker) {
        String topic = topic(broker);
        for (int i = 0; i < 5; i++) {
            PlainKafka.produce(broker.bootstrapServers(), topic, "k" + i, bytes("v" + i), Map.of());
        }
        abortedRecord(broker, topic);
        List<String> seen = new ArrayList<>();

        TopicScan.Ending ending =
                TopicScan.read(client(broker), "test", topic, List.of(0), null, Duration.ofSeconds(30), record -> {
                    seen.add(new String(record.value(), StandardCharsets.UTF_8));
                    if (seen.size() == 1) { // written after the scan started: not waited for
                        PlainKafka.produce(broker.bootstrapServers(), topic, "late", bytes("late"), Map.of());
                    }
                });

        assertThat(ending).isEqualTo(TopicScan.Ending.READ_TO_END);
        assertThat(seen)
                .as("committed records only, in order")
                .startsWith("v0", "v1", "v2", "v3", "v4")
                .doesNotContain("aborted");
    }

    @Test
    void aScanWaitsForATransactionOpenAtItsStartAndReadsWhatCommittedAfterIt(EmbeddedKafkaBroker broker) {
        String topic = topic(broker);
        try (KafkaProducer<byte[], byte[]> open = openBetweenCommittedRecords(broker, topic)) {
            List<String> seen = new ArrayList<>();

            TopicScan.Ending ending =
                    TopicScan.read(client(broker), "test", topic, List.of(0), null, Duration.ofSeconds(30), record -> {
                        seen.add(new String(record.value(), StandardCharsets.UTF_8));
                        if (seen.size() == 1) { // the scan has taken its end offsets: decide the open transaction
                            open.commitTransaction();
                        }
                    });

            assertThat(ending).isEqualTo(TopicScan.Ending.READ_TO_END);
            assertThat(seen).containsExactly("first", "open", "after");
        }
    }

    @Test
    void aScanHeldBackByATransactionThatStaysOpenTimesOutInsteadOfEndingShort(EmbeddedKafkaBroker broker) {
        String topic = topic(broker);
        try (KafkaProducer<byte[], byte[]> open = openBetweenCommittedRecords(broker, topic)) {
            List<String> seen = new ArrayList<>();

            TopicScan.Ending ending = TopicScan.read(
                    client(broker),
                    "test",
                    topic,
                    List.of(0),
                    null,
                    Duration.ofSeconds(2),
                    record -> seen.add(new String(record.value(), StandardCharsets.UTF_8)));

            assertThat(ending).isEqualTo(TopicScan.Ending.TIMED_OUT);
            assertThat(seen).containsExactly("first");
            open.abortTransaction();
        }
    }

    @Test
    void aScanFromATimeStartsAtTheFirstRecordAtOrAfterIt(EmbeddedKafkaBroker broker) {
        String topic = topic(broker);
        PlainKafka.produce(broker.bootstrapServers(), topic, "old", bytes("old"), Map.of());
        long from = System.currentTimeMillis() + 1;
        Awaitility.await().until(() -> System.currentTimeMillis() > from);
        PlainKafka.produce(broker.bootstrapServers(), topic, "new", bytes("new"), Map.of());
        List<String> seen = new ArrayList<>();

        TopicScan.read(
                client(broker),
                "test",
                topic,
                List.of(0),
                from,
                Duration.ofSeconds(30),
                record -> seen.add(new String(record.value(), StandardCharsets.UTF_8)));

        assertThat(seen).containsExactly("new");
    }

    @Test
    void aScanThatCannotFinishInTimeSaysSo(EmbeddedKafkaBroker broker) {
        String topic = topic(broker);
        for (int i = 0; i < 3; i++) {
            PlainKafka.produce(broker.bootstrapServers(), topic, "k" + i, bytes("v" + i), Map.of());
        }

        TopicScan.Ending ending =
                TopicScan.read(client(broker), "test", topic, List.of(0), null, Duration.ZERO, record -> {});

        assertThat(ending).isEqualTo(TopicScan.Ending.TIMED_OUT);
    }

    private static String topic(EmbeddedKafkaBroker broker) {
        String topic = "scan-" + UUID.randomUUID();
        TopicProvisioner.ensure(client(broker), List.of(topic), 1, 1, Duration.ofSeconds(30));
        return topic;
    }

    /**
     * "first" (plain), then "open" in a transaction left open, then "after" committed: the open transaction pins the
     * last stable offset below "after", so a scan bounded by it would end after "first". Returns the open producer.
     */
    private static KafkaProducer<byte[], byte[]> openBetweenCommittedRecords(EmbeddedKafkaBroker broker, String topic) {
        PlainKafka.produce(broker.bootstrapServers(), topic, "first", bytes("first"), Map.of());
        KafkaProducer<byte[], byte[]> open = transactional(broker);
        open.beginTransaction();
        open.send(new ProducerRecord<>(topic, 0, bytes("open"), bytes("open")));
        open.flush();
        committedRecord(broker, topic, "after");
        return open;
    }

    private static KafkaProducer<byte[], byte[]> transactional(EmbeddedKafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scan-test-" + UUID.randomUUID());
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private static void committedRecord(EmbeddedKafkaBroker broker, String topic, String value) {
        try (KafkaProducer<byte[], byte[]> producer = transactional(broker)) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, bytes(value), bytes(value)));
            producer.commitTransaction();
        }
    }

    private static void abortedRecord(EmbeddedKafkaBroker broker, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scan-test-" + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, bytes("a"), bytes("aborted")));
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static Properties client(EmbeddedKafkaBroker broker) {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
