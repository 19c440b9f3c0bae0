package io.hookstream.worker;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.schemas.GoDuration;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.worker.executor.Cidr;
import io.hookstream.worker.executor.ExecutionLimits;
import io.hookstream.worker.executor.internal.ExecPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a worker process is configured with, read once at start-up from flags and {@code HOOKSTREAM_*}
 * environment variables and validated there.
 *
 * @param instances   consumer verticles in this process (each with its own Kafka consumer), default one per core
 * @param maxInFlight hooks executing at once in this process, shared evenly by the verticles
 * @param httpPort    port of /metrics and /health/live|ready (-1: no HTTP server)
 * @param dedupWindow how long a hook id is remembered to recognise a hook event that arrives twice
 * @param retryBackoff the first wait before retrying a failed attempt; it doubles per retry, up to 30 s or
 *                     this first wait when it is longer; no retry is made that could not end by the hook event's
 *                     deadline (which allows 30 s of backoff per retry, docs/delivery.md)
 * @param commitInterval the shortest time between two transactions of one consumer (results + offsets)
 * @param kubernetes   whether the Pod and Function executors run (they need a Kubernetes API)
 * @param limits       what Operator hooks may run and reach (exec allowlist, network rules, env caps)
 * @param secretParams which params are secrets, scrubbed from results and logs (setting secret-param-patterns)
 * @param hookSigning  the keys hook event signatures are verified with (settings hook-signing*)
 * @param templateCheck what hook events are checked against before they run (setting template-check)
 * @param stableInstanceId whether {@code instanceId} names this process across restarts (setting
 *                         {@value ConfigReader#STABLE_INSTANCE_ID}): consumers and transactional ids are then
 *                         named after it
 * @param hookLease   how long a worker's claim on a running hook holds unless renewed (setting hook-lease);
 *                    zero turns claims off, so that a hook whose partition moves runs again on its new owner
 */
public record WorkerConfig(String bootstrapServers, TopicNames topics, int partitions, int replicationFactor,
                           String groupId, int instances, int maxInFlight, int execPoolSize, Duration retryBackoff,
                           Duration shutdownTimeout, Duration dedupWindow, String httpHost, int httpPort,
                           Duration commitInterval, KubernetesAccess kubernetes, String instanceId,
                           boolean stableInstanceId, SecretParams secretParams, Map<String, String> kafkaProperties,
                           ExecutionLimits limits, HookSigning hookSigning, TemplateCheck templateCheck,
                           Duration hookLease) {

    public static final String DEFAULT_GROUP = "hookstream-workers";
    /** Default of {@code hook-lease}: renewed every 10 s, so a worker that dies holds its hooks at most this long. */
    public static final Duration DEFAULT_HOOK_LEASE = Duration.ofSeconds(30);

    public WorkerConfig {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        secretParams = secretParams == null ? SecretParams.defaults() : secretParams;
        hookSigning = hookSigning == null ? HookSigning.disabled() : hookSigning;
        templateCheck = templateCheck == null ? TemplateCheck.off() : templateCheck;
    }

    public static WorkerConfig from(ConfigReader reader) {
        int cores = Runtime.getRuntime().availableProcessors();
        WorkerConfig config = new WorkerConfig(
                reader.string("bootstrap-servers", "localhost:9092"),
                new TopicNames(reader.string("topic-prefix", TopicNames.DEFAULT_PREFIX)),
                reader.integer("topic-partitions", 6, 1, 10_000),
                reader.integer("topic-replication-factor", -1, -1, 32),
                reader.string("worker-group", DEFAULT_GROUP),
                reader.integer("worker-instances", cores, 1, 256),
                reader.integer("max-in-flight", 64, 1, 100_000),
                reader.integer("exec-pool-size", 16, 1, 1_024),
                reader.duration("retry-backoff", Duration.ofSeconds(1)),
                reader.duration("shutdown-timeout", Duration.ofSeconds(30)),
                reader.duration("dedup-window", Duration.ofMinutes(15)),
                reader.string("worker-http-host", "0.0.0.0"),
                reader.integer("worker-http-port", 8081, -1, 65_535),
                reader.durationUpTo("commit-interval", TransactionalLoop.DEFAULT_COMMIT_INTERVAL, Duration.ofSeconds(5)),
                kubernetes(reader),
                reader.string("instance-id", ConfigReader.defaultInstanceId("worker")),
                reader.bool(ConfigReader.STABLE_INSTANCE_ID, false),
                SecretParams.from(reader),
                reader.kafkaProperties(),
                limits(reader),
                HookSigning.from(reader),
                TemplateCheck.from(reader),
                reader.durationUpTo("hook-lease", DEFAULT_HOOK_LEASE, Duration.ofHours(1)));
        if (!config.hookLease().isZero() && config.hookLease().compareTo(Duration.ofSeconds(5)) < 0) {
            reader.problem("hook-lease", "must be at least 5s (it is renewed every third of it), or 0s to turn"
                    + " claims off");
        }
        if (config.bootstrapServers().isBlank()) {
            reader.problem("bootstrap-servers", "must name at least one broker, e.g. localhost:9092");
        }
        reader.validate();
        return config;
    }

    private static KubernetesAccess kubernetes(ConfigReader reader) {
        String text = reader.string("kubernetes", KubernetesAccess.AUTO.configValue());
        return KubernetesAccess.parse(text).orElseGet(() -> {
            reader.problem("kubernetes", "'" + text + "' is not valid: use auto (on in a pod or with a kubeconfig),"
                    + " true or false");
            return KubernetesAccess.AUTO;
        });
    }

    private static ExecutionLimits limits(ConfigReader reader) {
        ExecutionLimits defaults = ExecutionLimits.defaults();
        List<String> execAllow = list(reader.string("exec-allow", ExecutionLimits.ANY));
        if (execAllow.isEmpty()) {
            reader.problem("exec-allow", "is empty: give * (any program), absolute paths or program names, or set"
                    + " --exec-disabled true");
            execAllow = List.of(ExecutionLimits.ANY);
        }
        boolean execDisabled = reader.bool("exec-disabled", false);
        try {
            ExecPolicy.of(execAllow, execDisabled, System.getenv("PATH"));
        } catch (IllegalArgumentException e) {
            reader.problem("exec-allow", e.getMessage().replaceFirst("^--exec-allow: ", ""));
        }
        List<Cidr> netAllow = cidrs(reader, "net-allow", List.of());
        List<Cidr> netDeny = new ArrayList<>();
        if (reader.bool("net-deny-defaults", true)) {
            netDeny.addAll(defaults.netDeny());
        }
        netDeny.addAll(cidrs(reader, "net-deny", List.of()));
        return new ExecutionLimits(execAllow, execDisabled, netAllow, netDeny,
                reader.integer("http-max-redirects", ExecutionLimits.DEFAULT_MAX_REDIRECTS, 0, 20),
                reader.integer("exec-env-max-vars", ExecutionLimits.DEFAULT_MAX_ENV_VARS, 1, 100_000),
                reader.integer("exec-env-max-bytes", ExecutionLimits.DEFAULT_MAX_ENV_BYTES, 1_024, 2 * 1024 * 1024));
    }

    private static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static List<Cidr> cidrs(ConfigReader reader, String name, List<Cidr> defaultValue) {
        List<Cidr> ranges = new ArrayList<>();
        for (String item : list(reader.string(name, ""))) {
            try {
                ranges.add(Cidr.parse(item));
            } catch (IllegalArgumentException e) {
                reader.problem(name, e.getMessage());
            }
        }
        return ranges.isEmpty() ? defaultValue : ranges;
    }

    public WorkerConfig withBootstrapServers(String servers) {
        return new WorkerConfig(servers, topics, partitions, replicationFactor, groupId, instances, maxInFlight,
                execPoolSize, retryBackoff, shutdownTimeout, dedupWindow, httpHost, httpPort, commitInterval, kubernetes, instanceId,
                stableInstanceId, secretParams, kafkaProperties, limits, hookSigning, templateCheck, hookLease);
    }

    public WorkerConfig withInstances(int count) {
        return new WorkerConfig(bootstrapServers, topics, partitions, replicationFactor, groupId, count, maxInFlight,
                execPoolSize, retryBackoff, shutdownTimeout, dedupWindow, httpHost, httpPort, commitInterval, kubernetes, instanceId,
                stableInstanceId, secretParams, kafkaProperties, limits, hookSigning, templateCheck, hookLease);
    }

    /** The claims of the workers' loops, or null when {@code hook-lease} is 0. */
    public TransactionalLoop.Claims claims() {
        return hookLease.isZero() ? null : new TransactionalLoop.Claims(topics.claims(), hookLease, instanceId);
    }

    /** The in-flight bound of one verticle's consumer. */
    public int maxInFlightPerInstance() {
        return Math.max(1, maxInFlight / instances);
    }

    /** The resolved configuration for the start-up log, with secret Kafka properties redacted. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bootstrapServers", bootstrapServers);
        out.put("topicPrefix", topics.prefix());
        out.put("group", groupId);
        out.put("instances", instances);
        out.put("maxInFlight", maxInFlight);
        out.put("execPoolSize", execPoolSize);
        out.put("retryBackoff", GoDuration.format(retryBackoff));
        out.put("shutdownTimeout", GoDuration.format(shutdownTimeout));
        out.put("dedupWindow", GoDuration.format(dedupWindow));
        out.put("http", httpPort < 0 ? "off" : httpHost + ":" + httpPort);
        out.put("commitInterval", GoDuration.format(commitInterval));
        out.put("kubernetes", kubernetes.configValue());
        out.put("instanceId", instanceId + (stableInstanceId
                ? " (stable: static group members, fixed transactional ids)" : ""));
        out.put("secretParamPatterns", String.join(",", secretParams.patterns()));
        out.put("kafka", ConfigReader.redacted(kafkaProperties));
        out.put("execAllow", limits.execDisabled() ? "disabled" : String.join(",", limits.execAllow()));
        out.put("netAllow", limits.netAllow().isEmpty() ? "any not denied"
                : String.join(",", limits.netAllow().stream().map(Cidr::text).toList()));
        out.put("netDeny", String.join(",", limits.netDeny().stream().map(Cidr::text).toList()));
        out.put("httpMaxRedirects", limits.maxRedirects());
        out.put("execEnvMax", limits.maxEnvVars() + " vars, " + limits.maxEnvBytes() + " bytes");
        out.put("hookSigning", hookSigning.describe());
        out.put("templateCheck", templateCheck.describe());
        out.put("hookLease", hookLease.isZero() ? "off (a hook whose partition moves may run twice)"
                : GoDuration.format(hookLease));
        return out;
    }
}
