package io.hookstream.kafka;

import io.hookstream.schemas.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads typed settings from command-line flags ({@code --bootstrap-servers}) and the environment
 * ({@code HOOKSTREAM_BOOTSTRAP_SERVERS}); a flag wins over the environment. Problems are collected, not thrown
 * one by one, so a user sees every bad setting at once from {@link #validate()}.
 */
public final class ConfigReader {

    /** Environment prefix of Kafka client properties: {@code HOOKSTREAM_KAFKA_SECURITY_PROTOCOL} → security.protocol. */
    public static final String KAFKA_ENV_PREFIX = "HOOKSTREAM_KAFKA_";

    private final Map<String, String> env;
    private final Map<String, String> flags;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new LinkedHashSet<>();

    public ConfigReader(Map<String, String> env, Map<String, String> flags) {
        this.env = env == null ? Map.of() : Map.copyOf(env);
        this.flags = flags == null ? Map.of() : Map.copyOf(flags);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments (a flag with no value is {@code true}).
     *
     * @throws ConfigException for an argument that is not a flag
     */
    public static Map<String, String> parseFlags(String... args) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                problems.add("unexpected argument '" + arg + "': settings are given as --name value");
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flags.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                flags.put(arg.substring(2), args[++i]);
            } else {
                flags.put(arg.substring(2), "true");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return flags;
    }

    public static ConfigReader fromEnvironment(Map<String, String> flags) {
        return new ConfigReader(System.getenv(), flags);
    }

    /** The environment variable of a setting: {@code bootstrap-servers} → {@code HOOKSTREAM_BOOTSTRAP_SERVERS}. */
    public static String envName(String name) {
        return "HOOKSTREAM_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    public String string(String name, String defaultValue) {
        read.add(name);
        String flag = flags.get(name);
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(envName(name));
        return fromEnv == null || fromEnv.isBlank() ? defaultValue : fromEnv.trim();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return parse(
                name,
                defaultValue,
                text -> {
                    int value = Integer.parseInt(text);
                    if (value < min || value > max) {
                        throw new IllegalArgumentException("must be between " + min + " and " + max);
                    }
                    return value;
                },
                "a whole number");
    }

    public Duration duration(String name, Duration defaultValue) {
        return parse(
                name,
                defaultValue,
                text -> {
                    Duration value = GoDuration.parse(text);
                    if (value.isNegative() || value.isZero()) {
                        throw new IllegalArgumentException("must be positive");
                    }
                    return value;
                },
                "a duration such as 30s, 5m or 1h30m");
    }

    /** A duration that may be zero (e.g. "do not wait"), up to {@code max}. */
    public Duration durationUpTo(String name, Duration defaultValue, Duration max) {
        return parse(
                name,
                defaultValue,
                text -> {
                    Duration value = GoDuration.parse(text);
                    if (value.isNegative() || value.compareTo(max) > 0) {
                        throw new IllegalArgumentException("must be between 0s and " + GoDuration.format(max));
                    }
                    return value;
                },
                "a duration such as 0s, 25ms or 1s");
    }

    /** {@code true} or {@code false} (any case). */
    public boolean bool(String name, boolean defaultValue) {
        String text = string(name, Boolean.toString(defaultValue)).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(name, "'" + text + "' is not valid: use true or false");
                yield defaultValue;
            }
        };
    }

    /**
     * A comma list: items trimmed, blank ones dropped; {@code defaultValue} when the setting is not given (an
     * empty value gives an empty list).
     */
    public List<String> list(String name, List<String> defaultValue) {
        String text = string(name, null);
        return text == null ? defaultValue : splitList(text);
    }

    /** The items of a comma list, trimmed, blank ones dropped. */
    public static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    /**
     * One of a few named values ({@code parse} gives empty for an unknown one, which is a problem of this reader
     * telling what to use: {@code valid}, e.g. "use files or kubernetes").
     */
    public <T> T choice(
            String name, T defaultValue, String defaultText, Function<String, Optional<T>> parse, String valid) {
        String text = string(name, defaultText);
        if (text == null) {
            return defaultValue;
        }
        return parse.apply(text.trim()).orElseGet(() -> {
            problem(name, "'" + text.trim() + "' is not valid: " + valid);
            return defaultValue;
        });
    }

    /** The names of the settings read so far (to check that a settings table lists every one). */
    public Set<String> namesRead() {
        return Set.copyOf(read);
    }

    public Path path(String name, Path defaultValue) {
        return parse(name, defaultValue, Path::of, "a file system path");
    }

    /** Records a problem found by a check the caller made. */
    public void problem(String name, String message) {
        problems.add(describe(name) + ": " + message);
    }

    /** The setting naming a Java properties file of Kafka client properties (SASL/SSL settings, tuning). */
    public static final String KAFKA_PROPERTIES_FILE = "kafka-properties-file";

    /**
     * Kafka client properties: those of the {@code --kafka-properties-file} (env
     * {@code HOOKSTREAM_KAFKA_PROPERTIES_FILE}), then {@code HOOKSTREAM_KAFKA_*} environment variables
     * (lower-cased, {@code _} as {@code .}), which win. An unreadable file is a problem of this reader.
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> props = new TreeMap<>();
        String file = string(KAFKA_PROPERTIES_FILE, null);
        if (file != null && !file.isBlank()) {
            java.util.Properties loaded = new java.util.Properties();
            try (java.io.Reader in = java.nio.file.Files.newBufferedReader(Path.of(file.trim()))) {
                loaded.load(in);
                loaded.stringPropertyNames().forEach(key -> props.put(key, loaded.getProperty(key)));
            } catch (java.io.IOException | RuntimeException e) {
                problems.add(describe(KAFKA_PROPERTIES_FILE) + ": cannot read '" + file + "' (" + e.getMessage()
                        + "); give a readable Java properties file of Kafka client settings");
            }
        }
        String fileEnv = envName(KAFKA_PROPERTIES_FILE);
        env.forEach((key, value) -> {
            if (key.startsWith(KAFKA_ENV_PREFIX) && key.length() > KAFKA_ENV_PREFIX.length() && !key.equals(fileEnv)) {
                props.put(
                        key.substring(KAFKA_ENV_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '.'),
                        value);
            }
        });
        return props;
    }

    /** @throws ConfigException listing every problem found, when there is any */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private <T> T parse(String name, T defaultValue, Function<String, T> parser, String expected) {
        String text = string(name, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            String detail = e instanceof NumberFormatException ? "expected " + expected : e.getMessage();
            problems.add(describe(name) + ": '" + text + "' is not valid: " + detail);
            return defaultValue;
        }
    }

    private String describe(String name) {
        return "--" + name + " / " + envName(name);
    }

    /**
     * Whether {@code instance-id} names this process across restarts, no other live process using it (a
     * StatefulSet's pod name; the standalone's id kept in its data directory). Then its consumers join their groups
     * as static members and its transactional producers use ids derived from it, so that the restarted process
     * takes its partitions back at once instead of after the dead one's session timeout, and aborts the dead one's
     * open transactions at once instead of after the transaction timeout. Default false.
     */
    public static final String STABLE_INSTANCE_ID = "stable-instance-id";

    /** A process's default instance id: host name and pid, or the component and pid without a host name. */
    public static String defaultInstanceId(String component) {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "-"
                    + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return component + "-" + ProcessHandle.current().pid();
        }
    }

    /**
     * Redacts values of keys that look secret (passwords, passphrases, JAAS configs, tokens, keys, and every
     * property Kafka's clients define as a password) for logging.
     */
    public static Map<String, String> redacted(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((key, value) -> out.put(key, isSecret(key) ? "[redacted]" : value));
        return out;
    }

    /** Kafka client properties of type PASSWORD (producer, consumer, admin), e.g. an OAuth assertion key's passphrase. */
    private static final java.util.Set<String> KAFKA_PASSWORDS = java.util.stream.Stream.of(
                    org.apache.kafka.clients.producer.ProducerConfig.configDef(),
                    org.apache.kafka.clients.consumer.ConsumerConfig.configDef(),
                    org.apache.kafka.clients.admin.AdminClientConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(key -> key.type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD)
            .map(key -> key.name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("passphrase")
                || k.contains("jaas")
                || k.contains("secret")
                || k.contains("token")
                || k.contains("credential")
                || k.endsWith(".key")
                // also with a listener or other prefix, e.g. listener.name.client.ssl.keystore.key
                || KAFKA_PASSWORDS.stream().anyMatch(p -> k.equals(p) || k.endsWith("." + p));
    }
}
