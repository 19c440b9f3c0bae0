package io.hookstream.embedded.share;

import static org.awaitility.Awaitility.await;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, group configs, producers and share consumers for the share-group ITs, all on one partition. */
final class ShareGroupClients {

    /** Explicit acknowledgement, at most {@code n} records acquired per poll and no prefetch. */
    static Map<String, Object> recordLimit(int n) {
        return Map.of(
                ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, n);
    }

    /** How long a test waits for anything (the machine is shared and loaded). */
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The poll timeout of every test loop. */
    static final Duration POLL = Duration.ofMillis(100);
    /** The lock duration the tests give their groups (the broker's floor is lowered to allow it). */
    static final long LOCK_MS = 2_000;

    /** The group config that sets the acquisition lock duration. */
    static final String LOCK = "share.record.lock.duration.ms";
    /** The group config that bounds delivery attempts. */
    static final String DELIVERY_LIMIT = "share.delivery.count.limit";

    private final EmbeddedKafkaBroker broker;

    /**
     * A broker that allows group lock durations down to 1 s (the broker's floor; its default floor is 15 s) and
     * share heartbeats every 0.5 s (default 5 s, which makes every join take about 5 s), so that lock expiries
     * and joins happen within a test's patience. Everything else is the embedded broker's default.
     */
    static EmbeddedKafkaBroker fastBroker() {
        return EmbeddedKafkaBroker.builder()
                .port(0)
                .brokerProperty("group.share.min.record.lock.duration.ms", "1000")
                .brokerProperty("group.share.min.heartbeat.interval.ms", "500")
                .brokerProperty("group.share.heartbeat.interval.ms", "500")
                .build()
                .start();
    }

    ShareGroupClients(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** A one-partition topic and a share group on it that starts at the earliest offset, with these group configs. */
    void topicAndGroup(String topic, String group, Map<String, String> groupConfigs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            Map<String, String> configs = new HashMap<>(groupConfigs);
            configs.put("share.auto.offset.reset", "earliest");
            alterGroup(admin, group, configs);
        } catch (Exception e) {
            throw new AssertionError("could not create " + topic + " and configure group " + group, e);
        }
    }

    static void alterGroup(Admin admin, String group, Map<String, String> configs) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops))
                .all()
                .get();
    }

    /** Sends the values (key = value) to partition 0 and waits until they are written. */
    void produce(String topic, String... values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, 0, value, value));
            }
            producer.flush();
        }
    }

    /** A share consumer with explicit acknowledgement, subscribed to {@code topic}. */
    KafkaShareConsumer<String, String> consumer(String group, String topic, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG,
                "explicit"));
        config.putAll(extra);
        KafkaShareConsumer<String, String> consumer =
                new KafkaShareConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until a poll returns records and returns them, not acknowledged. */
    static List<ConsumerRecord<String, String>> firstRecords(KafkaShareConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        await().atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
            consumer.poll(POLL).forEach(got::add);
            return !got.isEmpty();
        });
        return got;
    }

    /** The share group's start offset and lag on partition 0 of {@code topic}. */
    SharePartitionOffsetInfo offsets(String group, String topic) {
        try (Admin admin = admin()) {
            return admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group)
                    .get()
                    .get(new TopicPartition(topic, 0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A delivery as the application saw it. */
    record Delivery(String value, int deliveryCount) {
        static Delivery of(ConsumerRecord<String, String> record) {
            return new Delivery(
                    record.value(), record.deliveryCount().map(Short::intValue).orElse(-1));
        }
    }
}
