package io.hookstream.worker;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.KafkaConfig;
import io.hookstream.kafka.KubernetesAccess;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.Setting;
import io.hookstream.kafka.SettingsTable;
import io.hookstream.kafka.signing.HookSigning;
import io.hookstream.schemas.GoDuration;
import io.hookstream.worker.executor.Cidr;
import io.hookstream.worker.executor.ExecutionLimits;
import io.hookstream.worker.executor.internal.ExecPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's settings: one table ({@link #TABLE}) that its configuration is read with, and that its
 * {@code --help}, its start-up line and its table in README.md are made from.
 */
public final class WorkerSettings {

    public static final Setting<String> GROUP =
            Setting.text("worker-group", WorkerConfig.DEFAULT_GROUP, "Consumer group of the workers.");
    public static final Setting<String> HTTP_HOST = Setting.text(
            "worker-http-host",
            "0.0.0.0",
            "Address of the" + " worker's /metrics and /health (standalone: 127.0.0.1).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer(
            "worker-http-port", 8081, -1, 65_535, "Port of the worker's /metrics and /health (-1: off).");
    public static final Setting<Integer> INSTANCES = Setting.integer(
                    "worker-instances",
                    Runtime.getRuntime().availableProcessors(),
                    1,
                    256,
                    "Consumers in one worker process.")
            .defaultShownAs("one per core");
    public static final Setting<Integer> MAX_IN_FLIGHT = Setting.integer(
            "max-in-flight",
            64,
            1,
            100_000,
            "Hooks running at once per worker process (per-run order kept); as many more may be claimed ahead,"
                    + " waiting for a slot, and partitions pause at that bound (docs/delivery.md).");
    public static final Setting<Integer> EXEC_POOL_SIZE = Setting.integer(
            "exec-pool-size",
            16,
            1,
            1_024,
            "Threads"
                    + " that prepare exec directories, read output and stop process trees (the processes themselves start"
                    + " on 4 dedicated threads that live as long as the JVM, see docs/design.md).");
    public static final Setting<Duration> RETRY_BACKOFF = Setting.duration(
            "retry-backoff",
            Duration.ofSeconds(1),
            "First wait before a retry (doubles, at most 30s or this first wait when it is longer; no retry is"
                    + " made that could not end by the hook event's deadline, which allows 30s of backoff per retry,"
                    + " so a longer backoff means fewer retries: docs/delivery.md).");
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration(
            "shutdown-timeout",
            Duration.ofSeconds(30),
            "How long hooks in flight may finish on SIGTERM (an Operator exec still running"
                    + " when the worker JVM exits is killed with it on Linux, see docs/design.md).");
    public static final Setting<Duration> DEDUP_WINDOW = Setting.duration(
            "dedup-window",
            Duration.ofMinutes(15),
            "A hook event seen again within it (same hook id) does not run again.");
    public static final Setting<Duration> HOOK_LEASE = Setting.durationUpTo(
            "hook-lease",
            WorkerConfig.DEFAULT_HOOK_LEASE,
            Duration.ofHours(1),
            "A worker claims each hook before it starts it"
                    + " and renews the claim every third of this; a hook never runs in two places at once, and a"
                    + " crashed worker's hooks run again after at most this long (docs/delivery.md). 0s turns claims"
                    + " off (a hook whose partition moves then runs again at once): for measurements only.");
    public static final Setting<KubernetesAccess> KUBERNETES = Setting.choice(
            "kubernetes",
            KubernetesAccess.AUTO,
            KubernetesAccess.AUTO.configValue(),
            "auto|true|false",
            KubernetesAccess::parse,
            "use auto (on in a pod or with a kubeconfig), true or false",
            "auto: the Pod and Function executors" + " run when in a pod or a kubeconfig exists; true; false.");
    public static final Setting<List<String>> EXEC_ALLOW = Setting.list(
            "exec-allow",
            List.of(ExecutionLimits.ANY),
            "Operator exec only of these programs (absolute paths or names on PATH, compared after resolution; *:"
                    + " any); else ExecNotAllowed (docs/security.md).");
    public static final Setting<Boolean> EXEC_DISABLED =
            Setting.bool("exec-disabled", false, "true: no Operator" + " exec starts a process.");
    public static final Setting<List<String>> NET_ALLOW = Setting.list(
            "net-allow",
            List.of(),
            "CIDR ranges"
                    + " Operator httpGet/httpPost/tcpSocket and redirects may reach, checked after DNS; none: anything not"
                    + " denied; else TargetNotAllowed.");
    public static final Setting<List<String>> NET_DENY = Setting.list(
            "net-deny", List.of(), "CIDR ranges they may" + " never reach, added to net-deny-defaults; deny wins.");
    public static final Setting<Boolean> NET_DENY_DEFAULTS = Setting.bool(
            "net-deny-defaults",
            true,
            "true: also deny " + String.join(", ", ExecutionLimits.DEFAULT_NET_DENY)
                    + " (link-local and cloud metadata addresses).");
    public static final Setting<Integer> HTTP_MAX_REDIRECTS = Setting.integer(
            "http-max-redirects",
            ExecutionLimits.DEFAULT_MAX_REDIRECTS,
            0,
            20,
            "Redirects an Operator httpGet/httpPost follows, each" + " target re-checked (0: a 3xx is the result).");
    public static final Setting<Integer> EXEC_ENV_MAX_VARS = Setting.integer(
            "exec-env-max-vars",
            ExecutionLimits.DEFAULT_MAX_ENV_VARS,
            1,
            100_000,
            "Most variables in an Operator exec's environment;" + " else InvalidAction.");
    public static final Setting<Integer> EXEC_ENV_MAX_BYTES = Setting.integer(
            "exec-env-max-bytes",
            ExecutionLimits.DEFAULT_MAX_ENV_BYTES,
            1_024,
            2 * 1024 * 1024,
            "Most bytes of an Operator exec's" + " environment (NAME=VALUE plus NUL each); else InvalidAction.");

    /** Every setting of the worker, in the order of its --help, its start-up line and README.md. */
    public static final SettingsTable<WorkerConfig> TABLE = SettingsTable.<WorkerConfig>builder()
            .addAll(KafkaConfig.table(GROUP), WorkerConfig::kafka)
            .add(HTTP_HOST, c -> c.http().host())
            .add(HTTP_PORT, c -> c.http().port() < 0 ? "off" : c.http().port())
            .add(INSTANCES, c -> c.execution().instances())
            .add(MAX_IN_FLIGHT, c -> c.execution().maxInFlight())
            .add(EXEC_POOL_SIZE, c -> c.execution().execPoolSize())
            .add(RETRY_BACKOFF, c -> c.execution().retryBackoff())
            .add(SHUTDOWN_TIMEOUT, c -> c.execution().shutdownTimeout())
            .add(DEDUP_WINDOW, c -> c.execution().dedupWindow())
            .add(
                    HOOK_LEASE,
                    c -> c.execution().hookLease().isZero()
                            ? "off (a hook whose partition moves may run twice)"
                            : GoDuration.format(c.execution().hookLease()))
            .add(KUBERNETES, c -> c.kubernetes().configValue())
            .add(TemplateCheck.MODE, c -> c.templateCheck().describe())
            .documented(TemplateCheck.TEMPLATES)
            .documented(TemplateCheck.RELOAD_INTERVAL)
            .documented(TemplateCheck.SOURCE)
            .add(EXEC_ALLOW, c -> c.limits().execAllow())
            .add(EXEC_DISABLED, c -> c.limits().execDisabled())
            .add(
                    NET_ALLOW,
                    c -> c.limits().netAllow().isEmpty()
                            ? "any not denied"
                            : c.limits().netAllow().stream().map(Cidr::text).toList())
            .add(NET_DENY, c -> c.limits().netDeny().stream().map(Cidr::text).toList())
            .documented(NET_DENY_DEFAULTS)
            .add(HTTP_MAX_REDIRECTS, c -> c.limits().maxRedirects())
            .add(EXEC_ENV_MAX_VARS, c -> c.limits().maxEnvVars())
            .add(EXEC_ENV_MAX_BYTES, c -> c.limits().maxEnvBytes())
            .addAll(HookSigning.TABLE, WorkerConfig::hookSigning)
            .add(SecretParams.PATTERNS, c -> c.secretParams().patterns())
            .build();

    private WorkerSettings() {}

    /** The {@code --help} text of {@code hookstream worker}. */
    public static String help() {
        return TABLE.help(
                "hookstream worker [--name value ...]",
                "Runs a worker against an existing Kafka cluster:"
                        + " executes hook events and publishes their results.");
    }

    /** The exec and network limits of Operator hooks; every problem goes to the reader. */
    static ExecutionLimits limits(ConfigReader reader) {
        ExecutionLimits defaults = ExecutionLimits.defaults();
        List<String> execAllow = EXEC_ALLOW.read(reader);
        if (execAllow.isEmpty()) {
            reader.problem(
                    EXEC_ALLOW.name(),
                    "is empty: give * (any program), absolute paths or program names, or"
                            + " set --exec-disabled true");
            execAllow = List.of(ExecutionLimits.ANY);
        }
        boolean execDisabled = EXEC_DISABLED.read(reader);
        try {
            ExecPolicy.of(execAllow, execDisabled, System.getenv("PATH"));
        } catch (IllegalArgumentException e) {
            reader.problem(EXEC_ALLOW.name(), e.getMessage().replaceFirst("^--exec-allow: ", ""));
        }
        List<Cidr> netAllow = cidrs(reader, NET_ALLOW);
        List<Cidr> netDeny = new ArrayList<>();
        if (NET_DENY_DEFAULTS.read(reader)) {
            netDeny.addAll(defaults.netDeny());
        }
        netDeny.addAll(cidrs(reader, NET_DENY));
        return new ExecutionLimits(
                execAllow,
                execDisabled,
                netAllow,
                netDeny,
                HTTP_MAX_REDIRECTS.read(reader),
                EXEC_ENV_MAX_VARS.read(reader),
                EXEC_ENV_MAX_BYTES.read(reader));
    }

    private static List<Cidr> cidrs(ConfigReader reader, Setting<List<String>> setting) {
        List<Cidr> ranges = new ArrayList<>();
        for (String item : setting.read(reader)) {
            try {
                ranges.add(Cidr.parse(item));
            } catch (IllegalArgumentException e) {
                reader.problem(setting.name(), e.getMessage());
            }
        }
        return ranges;
    }
}
