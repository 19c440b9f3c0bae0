package io.hookstream.worker;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.KafkaConfig;
import io.hookstream.kafka.KubernetesAccess;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.worker.executor.ExecutionLimits;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a worker process is configured with, read once at start-up from flags and {@code HOOKSTREAM_*}
 * environment variables and validated there. The settings, their defaults and descriptions are listed once, in
 * {@link WorkerSettings#TABLE}.
 *
 * @param kafka         brokers, topics, group, instance id, commit interval, client properties
 * @param http          where /metrics and /health/live|ready listen (port -1: no HTTP server)
 * @param execution     how many consumers and hooks at once, retries, shutdown, dedup and claims
 * @param kubernetes    whether the Pod and Function executors run (they need a Kubernetes API)
 * @param limits        what Operator hooks may run and reach (exec allowlist, network rules, env caps)
 * @param secretParams  which params are secrets, scrubbed from results and logs (setting secret-param-patterns)
 * @param hookSigning   the keys hook event signatures are verified with (settings hook-signing*)
 * @param templateCheck what hook events are checked against before they run (setting template-check)
 */
public record WorkerConfig(
        KafkaConfig kafka,
        Http http,
        Execution execution,
        KubernetesAccess kubernetes,
        ExecutionLimits limits,
        SecretParams secretParams,
        HookSigning hookSigning,
        TemplateCheck templateCheck) {

    public static final String DEFAULT_GROUP = "hookstream-workers";
    /** Default of {@code hook-lease}: renewed every 10 s, so a worker that dies holds its hooks at most this long. */
    public static final Duration DEFAULT_HOOK_LEASE = Duration.ofSeconds(30);

    /** Where the worker's /metrics and /health listen; port -1: no HTTP server. */
    public record Http(String host, int port) {}

    /**
     * How the worker runs hooks.
     *
     * @param instances       consumer verticles in this process (each with its own Kafka consumer)
     * @param maxInFlight     hooks executing at once in this process, shared evenly by the verticles
     * @param execPoolSize    threads of the exec pool
     * @param retryBackoff    the first wait before retrying a failed attempt; it doubles per retry, up to 30 s or
     *                        this first wait when it is longer
     * @param shutdownTimeout how long hooks in flight may finish on SIGTERM
     * @param dedupWindow     how long a hook id is remembered to recognise a hook event that arrives twice
     * @param hookLease       how long a worker's claim on a running hook holds unless renewed; zero turns claims
     *                        off, so that a hook whose partition moves runs again on its new owner
     */
    public record Execution(
            int instances,
            int maxInFlight,
            int execPoolSize,
            Duration retryBackoff,
            Duration shutdownTimeout,
            Duration dedupWindow,
            Duration hookLease) {

        public Execution withInstances(int count) {
            return new Execution(
                    count, maxInFlight, execPoolSize, retryBackoff, shutdownTimeout, dedupWindow, hookLease);
        }
    }

    public WorkerConfig {
        secretParams = secretParams == null ? SecretParams.defaults() : secretParams;
        hookSigning = hookSigning == null ? HookSigning.disabled() : hookSigning;
        templateCheck = templateCheck == null ? TemplateCheck.off() : templateCheck;
    }

    /** Reads and validates the configuration; throws listing every invalid setting. */
    public static WorkerConfig from(ConfigReader reader) {
        WorkerConfig config = new WorkerConfig(
                KafkaConfig.from(reader, WorkerSettings.GROUP, "worker"),
                new Http(WorkerSettings.HTTP_HOST.read(reader), WorkerSettings.HTTP_PORT.read(reader)),
                new Execution(
                        WorkerSettings.INSTANCES.read(reader),
                        WorkerSettings.MAX_IN_FLIGHT.read(reader),
                        WorkerSettings.EXEC_POOL_SIZE.read(reader),
                        WorkerSettings.RETRY_BACKOFF.read(reader),
                        WorkerSettings.SHUTDOWN_TIMEOUT.read(reader),
                        WorkerSettings.DEDUP_WINDOW.read(reader),
                        WorkerSettings.HOOK_LEASE.read(reader)),
                WorkerSettings.KUBERNETES.read(reader),
                WorkerSettings.limits(reader),
                SecretParams.PATTERNS.read(reader),
                HookSigning.from(reader),
                TemplateCheck.from(reader));
        Duration lease = config.execution().hookLease();
        if (!lease.isZero() && lease.compareTo(Duration.ofSeconds(5)) < 0) {
            reader.problem(
                    WorkerSettings.HOOK_LEASE.name(),
                    "must be at least 5s (it is renewed every third of it)," + " or 0s to turn claims off");
        }
        reader.validate();
        return config;
    }

    public WorkerConfig withKafka(KafkaConfig value) {
        return new WorkerConfig(value, http, execution, kubernetes, limits, secretParams, hookSigning, templateCheck);
    }

    public WorkerConfig withExecution(Execution value) {
        return new WorkerConfig(kafka, http, value, kubernetes, limits, secretParams, hookSigning, templateCheck);
    }

    public WorkerConfig withBootstrapServers(String servers) {
        return withKafka(kafka.withBootstrapServers(servers));
    }

    public WorkerConfig withInstances(int count) {
        return withExecution(execution.withInstances(count));
    }

    /** The claims of the workers' loops, or null when {@code hook-lease} is 0. */
    public TransactionalLoop.Claims claims() {
        return execution.hookLease().isZero()
                ? null
                : new TransactionalLoop.Claims(kafka.topics().claims(), execution.hookLease(), kafka.instanceId());
    }

    /** The in-flight bound of one verticle's consumer. */
    public int maxInFlightPerInstance() {
        return Math.max(1, execution.maxInFlight() / execution.instances());
    }

    /** The resolved configuration for the start-up log ({@link WorkerSettings#TABLE}), secrets redacted. */
    public Map<String, Object> describe() {
        return WorkerSettings.TABLE.describe(this);
    }
}
