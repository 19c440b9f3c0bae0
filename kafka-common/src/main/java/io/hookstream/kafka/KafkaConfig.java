package io.hookstream.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * How a service reaches Kafka: brokers, topics, its consumer group and instance, its commit interval and extra
 * client properties. One group of settings shared by the dispatcher and the worker ({@link #table}).
 *
 * @param bootstrapServers the brokers
 * @param topics           the topic names (setting topic-prefix)
 * @param partitions       partitions of topics created when missing
 * @param replicationFactor replication factor of topics created when missing; below 1: min(3, brokers)
 * @param groupId          the consumer group
 * @param instanceId       this process's id (client ids; with {@code stableInstanceId} group instance and
 *                         transactional ids)
 * @param stableInstanceId whether {@code instanceId} names this process across restarts (setting
 *                         {@value ConfigReader#STABLE_INSTANCE_ID}): consumers join as static members and
 *                         transactional ids are named after it
 * @param commitInterval   the shortest time between two transactions of one consumer (outputs + offsets)
 * @param properties       extra Kafka client properties ({@code kafka-properties-file}, {@code HOOKSTREAM_KAFKA_*})
 */
public record KafkaConfig(
        String bootstrapServers,
        TopicNames topics,
        int partitions,
        int replicationFactor,
        String groupId,
        String instanceId,
        boolean stableInstanceId,
        Duration commitInterval,
        Map<String, String> properties) {

    public static final Setting<String> BOOTSTRAP_SERVERS =
            Setting.text("bootstrap-servers", "localhost:9092", "Kafka brokers, host:port, comma-separated.");
    public static final Setting<TopicNames> TOPIC_PREFIX = Setting.custom(
            "topic-prefix",
            "text",
            TopicNames.DEFAULT_PREFIX,
            "Prefix of every topic name.",
            r -> new TopicNames(r.string("topic-prefix", TopicNames.DEFAULT_PREFIX)));
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.integer(
            "topic-partitions", 6, 1, 10_000, "Partitions of the topics created at start-up when missing.");
    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = Setting.integer(
                    "topic-replication-factor",
                    -1,
                    -1,
                    32,
                    "Replication factor of the topics created at start-up when missing; -1: min(3, brokers).")
            .defaultShownAs("min(3, brokers)");
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.durationUpTo(
            "commit-interval",
            TransactionalLoop.DEFAULT_COMMIT_INTERVAL,
            Duration.ofSeconds(5),
            "At most one Kafka transaction"
                    + " (outputs + offsets) per interval and consumer; 0s commits every poll (see docs/delivery.md).");
    public static final Setting<String> INSTANCE_ID = Setting.text(
                    "instance-id", null, "This process's id" + " (standalone: an id kept in its data directory).")
            .defaultShownAs("host name and pid");
    public static final Setting<Boolean> STABLE_INSTANCE_ID = Setting.bool(
            ConfigReader.STABLE_INSTANCE_ID,
            false,
            "With true the instance id names this process across restarts and no other live one (a StatefulSet's"
                    + " pod name; standalone: true); its consumers then join as static group members and its"
                    + " transactional ids derive from it, so a restart takes its partitions back and aborts its"
                    + " predecessor's open transactions at once, instead of after the 10 s session and transaction"
                    + " timeouts. A process that stops does not leave the group: its partitions wait for the"
                    + " session timeout unless it comes back.");
    public static final Setting<String> KAFKA_PROPERTIES_FILE = Setting.text(
            ConfigReader.KAFKA_PROPERTIES_FILE,
            null,
            "A Java properties file of Kafka client settings (SASL/SSL, truststores); HOOKSTREAM_KAFKA_* win"
                    + " over it; secret values redacted in logs.");
    public static final Setting<Map<String, String>> KAFKA_PROPERTIES = Setting.envOnly(
            ConfigReader.KAFKA_ENV_PREFIX + "*",
            "text",
            "none",
            "Any Kafka client property, e.g."
                    + " HOOKSTREAM_KAFKA_SECURITY_PROTOCOL=SASL_SSL (lower-cased, _ as .); secret values redacted in"
                    + " logs.",
            ConfigReader::kafkaProperties);

    public KafkaConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /**
     * Reads the Kafka settings; {@code group} is the service's group setting, {@code component} names the
     * process in its default instance id.
     */
    public static KafkaConfig from(ConfigReader reader, Setting<String> group, String component) {
        String instanceId = INSTANCE_ID.read(reader);
        KafkaConfig config = new KafkaConfig(
                BOOTSTRAP_SERVERS.read(reader),
                TOPIC_PREFIX.read(reader),
                TOPIC_PARTITIONS.read(reader),
                TOPIC_REPLICATION_FACTOR.read(reader),
                group.read(reader),
                instanceId == null ? ConfigReader.defaultInstanceId(component) : instanceId,
                STABLE_INSTANCE_ID.read(reader),
                COMMIT_INTERVAL.read(reader),
                KAFKA_PROPERTIES.read(reader));
        if (config.bootstrapServers().isBlank()) {
            reader.problem(BOOTSTRAP_SERVERS.name(), "must name at least one broker, e.g. localhost:9092");
        }
        return config;
    }

    /** The Kafka rows of a service's settings table, with its group setting. */
    public static SettingsTable<KafkaConfig> table(Setting<String> group) {
        return SettingsTable.<KafkaConfig>builder()
                .add(BOOTSTRAP_SERVERS, KafkaConfig::bootstrapServers)
                .add(TOPIC_PREFIX, c -> c.topics().prefix())
                .add(TOPIC_PARTITIONS, KafkaConfig::partitions)
                .add(TOPIC_REPLICATION_FACTOR, c -> c.replicationFactor() < 1 ? "auto" : c.replicationFactor())
                .add(group, KafkaConfig::groupId)
                .add(INSTANCE_ID, KafkaConfig::instanceId)
                .add(STABLE_INSTANCE_ID, KafkaConfig::stableInstanceId)
                .add(COMMIT_INTERVAL, KafkaConfig::commitInterval)
                .documented(KAFKA_PROPERTIES_FILE)
                .add(KAFKA_PROPERTIES, c -> ConfigReader.redacted(c.properties()))
                .build();
    }

    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(
                servers,
                topics,
                partitions,
                replicationFactor,
                groupId,
                instanceId,
                stableInstanceId,
                commitInterval,
                properties);
    }
}
