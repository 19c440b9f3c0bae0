package io.hookstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.TestSupportException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithEmbeddedKafka
class PlainKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String bootstrap;

    @BeforeAll
    static void topics(EmbeddedKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
        PlainKafka.createTopics(bootstrap, 2, "plain-subscribed", "plain-tx", "plain-await");
    }

    @Test
    void subscribedCollectorSeesRecordsProducedBeforeAndAfterItStarted() {
        PlainKafka.produce(bootstrap, "plain-subscribed", "before", bytes("1"), Map.of());
        try (RecordCollector collector = RecordCollector.subscribe(bootstrap, "plain-subscribed")) {
            RecordMetadata after = PlainKafka.produce(
                    bootstrap,
                    "plain-subscribed",
                    "after",
                    bytes("2"),
                    Map.of("ce_type", "hook.result", "ce_id", "r-2"));

            List<ConsumerRecord<String, byte[]>> records = collector.awaitCount(2, WAIT);

            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("before", "after");
            ConsumerRecord<String, byte[]> second = records.stream()
                    .filter(r -> "after".equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            assertThat(second.partition()).isEqualTo(after.partition());
            assertThat(second.offset()).isEqualTo(after.offset());
            assertThat(PlainKafka.header(second, "ce_type")).isEqualTo("hook.result");
            assertThat(PlainKafka.header(second, "missing")).isNull();
        }
    }

    @Test
    void collectorReadsOnlyCommittedTransactionalRecords() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "plain-it-tx");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("plain-tx", "same-key", bytes("committed-1")));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("plain-tx", "same-key", bytes("aborted")));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("plain-tx", "same-key", bytes("committed-2")));
            producer.commitTransaction();
        }

        try (RecordCollector collector = RecordCollector.assign(bootstrap, "plain-tx")) {
            List<ConsumerRecord<String, byte[]>> records =
                    collector.await(list -> list.stream().anyMatch(r -> text(r).equals("committed-2")), WAIT);

            assertThat(records).extracting(PlainKafkaIT::text).containsExactly("committed-1", "committed-2");
        }
    }

    @Test
    void awaitTimesOutWhenTheConditionIsNeverMet() {
        try (RecordCollector collector = RecordCollector.subscribe(bootstrap, "plain-await")) {
            assertThatThrownBy(() -> collector.awaitCount(1, Duration.ofMillis(500)))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("plain-await");
            assertThat(collector.records()).isEmpty();
        }
    }

    @Test
    void assigningAMissingTopicFailsWithAMessageSayingToCreateIt() {
        try (RecordCollector collector = RecordCollector.assign(bootstrap, "plain-missing")) {
            assertThatThrownBy(() -> collector.awaitCount(1, WAIT))
                    .isInstanceOfSatisfying(
                            TestSupportException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.CONSUME_FAILED))
                    .hasMessageContaining("plain-missing does not exist")
                    .hasMessageContaining("PlainKafka.createTopics");
        }
    }

    @Test
    void creatingAnExistingTopicFailsNamingIt() {
        assertThatThrownBy(() -> PlainKafka.createTopics(bootstrap, 1, "plain-subscribed"))
                .isInstanceOfSatisfying(
                        TestSupportException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ADMIN_FAILED))
                .hasMessageContaining("plain-subscribed")
                .hasMessageContaining("TopicExistsException");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
