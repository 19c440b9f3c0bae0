package io.hookstream.cli;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.TopicNames;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the commands connect, as a picocli mixin: {@code --bootstrap-servers} (env
 * {@code HOOKSTREAM_BOOTSTRAP_SERVERS}), {@code --dispatcher-url} ({@code HOOKSTREAM_DISPATCHER_URL}),
 * {@code --topic-prefix} ({@code HOOKSTREAM_TOPIC_PREFIX}); any Kafka client property through
 * {@code HOOKSTREAM_KAFKA_*} or a properties file ({@code --kafka-properties-file}, env
 * {@code HOOKSTREAM_KAFKA_PROPERTIES_FILE}), as for the services.
 */
public final class Connection {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka brokers (env HOOKSTREAM_BOOTSTRAP_SERVERS, default localhost:9092).")
    String bootstrapServers;

    @Option(
            names = "--dispatcher-url",
            paramLabel = "URL",
            description = "The dispatcher's HTTP API (env HOOKSTREAM_DISPATCHER_URL, default http://localhost:8080).")
    String dispatcherUrl;

    @Option(
            names = "--api-token",
            paramLabel = "TOKEN",
            description =
                    "Bearer token for the dispatcher's API (env HOOKSTREAM_API_TOKEN; prefer the env: a flag shows in ps).")
    String apiToken;

    @Option(names = "--topic-prefix", description = "Topic prefix (env HOOKSTREAM_TOPIC_PREFIX, default hookstream.).")
    String topicPrefix;

    @Option(
            names = "--kafka-properties-file",
            paramLabel = "FILE",
            description = "A Java properties file of Kafka client settings, e.g. SASL/SSL (env "
                    + "HOOKSTREAM_KAFKA_PROPERTIES_FILE); HOOKSTREAM_KAFKA_* variables win over it.")
    String kafkaPropertiesFile;

    private Map<String, String> env = System.getenv();

    /** For tests: read settings from this environment instead of the process's. */
    public Connection withEnvironment(Map<String, String> environment) {
        this.env = Map.copyOf(environment);
        return this;
    }

    private ConfigReader reader() {
        Map<String, String> flags = new HashMap<>();
        if (bootstrapServers != null) {
            flags.put("bootstrap-servers", bootstrapServers);
        }
        if (dispatcherUrl != null) {
            flags.put("dispatcher-url", dispatcherUrl);
        }
        if (topicPrefix != null) {
            flags.put("topic-prefix", topicPrefix);
        }
        if (kafkaPropertiesFile != null) {
            flags.put(ConfigReader.KAFKA_PROPERTIES_FILE, kafkaPropertiesFile);
        }
        return new ConfigReader(env, flags);
    }

    public String bootstrapServers() {
        return reader().string("bootstrap-servers", "localhost:9092");
    }

    public URI dispatcherUrl() {
        String url = reader().string("dispatcher-url", "http://localhost:8080");
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    "InvalidOption",
                    2,
                    "--dispatcher-url '" + url + "' is not an http(s) URL such as http://localhost:8080");
        }
    }

    /** The bearer token for the dispatcher's API, or null when none is configured. */
    public String apiToken() {
        String token = apiToken != null ? apiToken : env.get("HOOKSTREAM_API_TOKEN");
        return token == null || token.isBlank() ? null : token.trim();
    }

    public TopicNames topics() {
        return new TopicNames(reader().string("topic-prefix", TopicNames.DEFAULT_PREFIX));
    }

    /**
     * Kafka client properties: the brokers, a client id, those of the {@code --kafka-properties-file} and every
     * {@code HOOKSTREAM_KAFKA_*} property (which win).
     */
    public Properties kafka(String clientId) {
        ConfigReader reader = reader();
        Map<String, String> properties = reader.kafkaProperties();
        try {
            reader.validate();
        } catch (ConfigException e) {
            throw new CliException(
                    "InvalidOption", 2, e.getMessage().replace('\n', ' ').trim());
        }
        return KafkaClients.common(bootstrapServers(), properties, clientId);
    }
}
