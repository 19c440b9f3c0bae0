package io.hookstream.dispatcher;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.GoDuration;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TransactionalLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the dispatcher is configured with, read once at start-up from flags and {@code HOOKSTREAM_*}
 * environment variables (see {@link #from(ConfigReader)}) and validated there.
 *
 * @param commitInterval  the shortest time between two transactions (outputs + consumed offsets)
 * @param kafkaProperties extra Kafka client properties ({@code HOOKSTREAM_KAFKA_*}), e.g. security settings
 */
public record DispatcherConfig(String bootstrapServers, TopicNames topics, int partitions, int replicationFactor,
                               String httpHost, int httpPort, Path templatesDir, Duration templatesReloadInterval,
                               Duration defaultHookTimeout, Duration maxHookTimeout, int maxRetryLimit,
                               Duration runRetention, Duration commitInterval, String groupId, String instanceId,
                               Map<String, String> kafkaProperties) {

    public static final String DEFAULT_GROUP = "hookstream-dispatcher";

    public DispatcherConfig {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
    }

    /** Reads and validates the configuration; throws listing every invalid setting. */
    public static DispatcherConfig from(ConfigReader reader) {
        DispatcherConfig config = new DispatcherConfig(
                reader.string("bootstrap-servers", "localhost:9092"),
                new TopicNames(reader.string("topic-prefix", TopicNames.DEFAULT_PREFIX)),
                reader.integer("topic-partitions", 6, 1, 10_000),
                reader.integer("topic-replication-factor", -1, -1, 32),
                reader.string("http-host", "0.0.0.0"),
                reader.integer("http-port", 8080, 0, 65_535),
                reader.path("templates", Path.of("examples/templates")),
                reader.duration("templates-reload-interval", Duration.ofSeconds(2)),
                reader.duration("default-hook-timeout", Duration.ofMinutes(5)),
                reader.duration("max-hook-timeout", Duration.ofHours(1)),
                reader.integer("max-retry-limit", 10, 0, 1_000),
                reader.duration("run-retention", Duration.ofHours(24)),
                reader.durationUpTo("commit-interval", TransactionalLoop.DEFAULT_COMMIT_INTERVAL, Duration.ofSeconds(5)),
                reader.string("dispatcher-group", DEFAULT_GROUP),
                reader.string("instance-id", ConfigReader.defaultInstanceId("dispatcher")),
                reader.kafkaProperties());
        if (config.bootstrapServers().isBlank()) {
            reader.problem("bootstrap-servers", "must name at least one broker, e.g. localhost:9092");
        }
        if (config.defaultHookTimeout().compareTo(config.maxHookTimeout()) > 0) {
            reader.problem("default-hook-timeout", "must not exceed --max-hook-timeout ("
                    + GoDuration.format(config.maxHookTimeout()) + ")");
        }
        reader.validate();
        return config;
    }

    public DispatcherConfig withBootstrapServers(String servers) {
        return new DispatcherConfig(servers, topics, partitions, replicationFactor, httpHost, httpPort, templatesDir,
                templatesReloadInterval, defaultHookTimeout, maxHookTimeout, maxRetryLimit, runRetention,
                commitInterval, groupId, instanceId, kafkaProperties);
    }

    public DispatcherConfig withHttpPort(int port) {
        return new DispatcherConfig(bootstrapServers, topics, partitions, replicationFactor, httpHost, port,
                templatesDir, templatesReloadInterval, defaultHookTimeout, maxHookTimeout, maxRetryLimit,
                runRetention, commitInterval, groupId, instanceId, kafkaProperties);
    }

    public DispatcherConfig withTemplatesDir(Path dir) {
        return new DispatcherConfig(bootstrapServers, topics, partitions, replicationFactor, httpHost, httpPort,
                dir, templatesReloadInterval, defaultHookTimeout, maxHookTimeout, maxRetryLimit, runRetention,
                commitInterval, groupId, instanceId, kafkaProperties);
    }

    /** The resolved configuration for the start-up log, with secret Kafka properties redacted. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bootstrapServers", bootstrapServers);
        out.put("topicPrefix", topics.prefix());
        out.put("topicPartitions", partitions);
        out.put("topicReplicationFactor", replicationFactor < 1 ? "auto" : replicationFactor);
        out.put("http", httpHost + ":" + httpPort);
        out.put("templates", templatesDir.toAbsolutePath().normalize());
        out.put("templatesReloadInterval", GoDuration.format(templatesReloadInterval));
        out.put("defaultHookTimeout", GoDuration.format(defaultHookTimeout));
        out.put("maxHookTimeout", GoDuration.format(maxHookTimeout));
        out.put("maxRetryLimit", maxRetryLimit);
        out.put("runRetention", GoDuration.format(runRetention));
        out.put("commitInterval", GoDuration.format(commitInterval));
        out.put("group", groupId);
        out.put("instanceId", instanceId);
        out.put("kafka", ConfigReader.redacted(kafkaProperties));
        return out;
    }
}
