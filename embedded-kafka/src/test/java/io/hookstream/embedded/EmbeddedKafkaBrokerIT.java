package io.hookstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker shared;

    @BeforeAll
    static void startShared() {
        long t0 = System.nanoTime();
        shared = EmbeddedKafkaBroker.builder().port(0).build().start();
        LOG.info(
                "shared broker start took {} ms",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @AfterAll
    static void closeShared() {
        long t0 = System.nanoTime();
        shared.close();
        LOG.info(
                "shared broker close took {} ms",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @Test
    void startsOnARandomPortAndRoundTripsARecordWithHeaders() {
        assertThat(shared.port()).isPositive();
        assertThat(shared.controllerPort()).isPositive().isNotEqualTo(shared.port());
        assertThat(shared.bootstrapServers()).isEqualTo("127.0.0.1:" + shared.port());
        assertThat(shared.isRunning()).isTrue();
        createTopic(shared, "round-trip", 3);

        try (KafkaProducer<String, String> producer = producer(shared, Map.of())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("round-trip", "key-1", "value-1");
            record.headers().add("ce_type", "hook.run".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        List<ConsumerRecord<String, String>> records = readAtLeast(shared, "round-trip", 1, "read_uncommitted");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("key-1");
            assertThat(r.value()).isEqualTo("value-1");
            assertThat(new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("hook.run");
        });
    }

    @Test
    void transactionalProducerCommitsAndReadCommittedConsumerSkipsTheAbortedRecord() {
        createTopic(shared, "tx", 1);
        try (KafkaProducer<String, String> producer =
                producer(shared, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "c1"));
            producer.send(new ProducerRecord<>("tx", "k", "c2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "c3"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = readAtLeast(shared, "tx", 3, "read_committed");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("c1", "c2", "c3");
    }

    @Test
    void brokerRunsWithSingleNodeSettingsAndSixDefaultPartitions() throws Exception {
        try (Admin admin = admin(shared)) {
            admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty())))
                    .all()
                    .get();
            int partitions = admin.describeTopics(List.of("defaults"))
                    .allTopicNames()
                    .get()
                    .get("defaults")
                    .partitions()
                    .size();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

            assertThat(partitions).isEqualTo(6);
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
            assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
        }
    }

    @Test
    void servesShareGroupsWithItsDefaultSettings() throws Exception {
        try (Admin admin = admin(shared)) {
            FeatureMetadata features =
                    admin.describeFeatures().featureMetadata().get();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

            // a data directory formatted with Kafka 4.3's production release finalizes share.version 1
            assertThat(features.finalizedFeatures().get("share.version").maxVersionLevel())
                    .isEqualTo((short) 1);
            assertThat(config.get("share.coordinator.state.topic.replication.factor")
                            .value())
                    .isEqualTo("1");
            assertThat(config.get("share.coordinator.state.topic.min.isr").value())
                    .isEqualTo("1");
            // Kafka's defaults for share groups, unchanged by the embedded broker
            assertThat(config.get("group.share.record.lock.duration.ms").value())
                    .isEqualTo("30000");
            assertThat(config.get("group.share.min.record.lock.duration.ms").value())
                    .isEqualTo("15000");
            assertThat(config.get("group.share.max.record.lock.duration.ms").value())
                    .isEqualTo("60000");
            assertThat(config.get("group.share.delivery.count.limit").value()).isEqualTo("5");
            assertThat(config.get("group.share.partition.max.record.locks").value())
                    .isEqualTo("2000");
            // a group's own lock duration must lie within the broker's bounds
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "share-it");
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                                    group,
                                    List.of(new AlterConfigOp(
                                            new ConfigEntry("share.record.lock.duration.ms", "3000"),
                                            AlterConfigOp.OpType.SET))))
                            .all()
                            .get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("group.share.min.record.lock.duration.ms");
            // a new share group starts at the latest offset unless told otherwise
            admin.incrementalAlterConfigs(Map.of(
                            group,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
        createTopic(shared, "share", 1);
        produce(shared, "share", "for-a-share-group");

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        shared.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "share-it"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("share"));
            await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return !records.isEmpty();
            });
            consumer.commitSync();
            assertThat(consumer.acquisitionLockTimeoutMs()).contains(30_000);
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("for-a-share-group");
            assertThat(r.deliveryCount()).contains((short) 1);
        });
        try (Admin admin = admin(shared)) {
            assertThat(admin.describeTopics(List.of("__share_group_state"))
                            .allTopicNames()
                            .get()
                            .get("__share_group_state")
                            .partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }
    }

    @Test
    void restartKeepsPortsTopicsAndRecordsAndCloseDeletesTheTemporaryDataDir() {
        EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().port(0).build().start();
        try {
            int port = broker.port();
            int controllerPort = broker.controllerPort();
            createTopic(broker, "kept", 2);
            produce(broker, "kept", "before-restart");

            long t0 = System.nanoTime();
            broker.restart();
            LOG.info(
                    "restart (stop + start) took {} ms",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis());

            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.controllerPort()).isEqualTo(controllerPort);
            assertThat(topics(broker)).contains("kept");
            assertThat(readAtLeast(broker, "kept", 1, "read_uncommitted"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before-restart");
        } finally {
            broker.close();
        }
        broker.stop();
        broker.close();
        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.dataDir()).doesNotExist();
    }

    @Test
    void aRestartLeavesATransactionThatItsCoordinatorStillHasInProgressToItsProducer() {
        // the start on a used data dir aborts hanging transactions only: this one is in progress at its coordinator
        EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().port(0).build().start();
        try {
            createTopic(broker, "open-across-restart", 1);
            try (KafkaProducer<String, String> producer =
                    producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-open"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("open-across-restart", "k", "in-flight"));
                producer.flush();

                broker.restart();
                producer.commitTransaction();
            }

            assertThat(readAtLeast(broker, "open-across-restart", 1, "read_committed"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("in-flight");
        } finally {
            broker.close();
        }
    }

    @Test
    void newBrokerOnAFixedPortAndAUsedDataDirKeepsItsRecords(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDir(dataDir)
                .build()
                .start()) {
            assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            createTopic(first, "durable", 1);
            produce(first, "durable", "survives");
        }
        assertThat(dataDir.resolve("kafka-logs/meta.properties")).isRegularFile();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDir(dataDir)
                .build()
                .start()) {
            assertThat(readAtLeast(second, "durable", 1, "read_uncommitted"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("survives");
        }
    }

    @Test
    void portInUseFailsBeforeStartingWithAMessageNamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build()) {
            int port = taken.getLocalPort();

            assertThatThrownBy(broker::start)
                    .isInstanceOfSatisfying(
                            EmbeddedKafkaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PORT_IN_USE))
                    .hasMessageContaining("Port " + port + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("--kafka-port");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic, int partitions) {
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new AssertionError("could not create topic " + topic, e);
        }
    }

    private static Set<String> topics(EmbeddedKafkaBroker broker) {
        try (Admin admin = admin(broker)) {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, String value) {
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Reads every partition of {@code topic} from the beginning until at least {@code count} records arrived. */
    private static List<ConsumerRecord<String, String>> readAtLeast(
            EmbeddedKafkaBroker broker, String topic, int count, String isolation) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolation,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
            // one more poll so that an unexpected extra record would show up
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
