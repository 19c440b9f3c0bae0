package io.hookstream.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The COMMIT marker written the way a transaction coordinator writes it, on a real broker. */
class CommitMarkerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().port(0).build().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aCommitMarkerEndsAnOpenTransactionInThePartitionAndItsRecordsBecomeVisible() throws Exception {
        TopicPartition partition = topic("marker-commit");
        try (KafkaProducer<String, String> producer = transactional("marker-commit-tx")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k", "kept"));
            producer.flush();
            ProducerState open = openTransaction(partition);

            CommitMarker.write(
                    address(),
                    partition,
                    open.producerId(),
                    (short) open.producerEpoch(),
                    open.coordinatorEpoch().orElse(0),
                    WAIT);

            assertThat(readCommitted(partition, 1)).containsExactly("kept");
        }
    }

    @Test
    void aMarkerTheBrokerRefusesIsAnErrorNamingWhatItSaid() {
        TopicPartition missing = new TopicPartition("marker-no-such-topic", 0);

        assertThatThrownBy(() -> CommitMarker.write(address(), missing, 42, (short) 0, 0, WAIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused the commit marker for " + missing);
    }

    private static InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", broker.port());
    }

    private static TopicPartition topic(String name) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
        return new TopicPartition(name, 0);
    }

    private static ProducerState openTransaction(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            return admin
                    .describeProducers(List.of(partition))
                    .partitionResult(partition)
                    .get()
                    .activeProducers()
                    .stream()
                    .filter(p -> p.currentTransactionStartOffset().isPresent())
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> transactional(String id) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        id),
                new StringSerializer(),
                new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    private static List<String> readCommitted(TopicPartition partition, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                return values.size() >= count;
            });
        }
        return values;
    }
}
