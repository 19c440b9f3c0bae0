package io.hookstream.loadtest;

import io.hookstream.loadtest.internal.Loopback;
import io.hookstream.schemas.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything one load test is configured with (the flags of {@code hookstream loadtest}); {@link #problems()}
 * lists what is wrong, each naming its flag.
 *
 * @param bootstrapServers   an existing cluster (dispatcher and workers already running), or null for
 *                           {@code --embedded}: the tool's own broker, dispatcher and workers
 * @param partitions         partitions of the topics the embedded setup creates; 0 picks max(6, worker consumers)
 * @param hooks              hooks in the measured pass (a multiple of {@code hooksPerRun})
 * @param rate               runs offered per second; 0 means as fast as possible
 * @param workers            in-process worker consumers, or consumers per worker process
 * @param workerProcesses    worker JVMs to start (0: workers run in this process)
 * @param maxInFlight        the in-flight bound of each worker ({@code --max-in-flight} of each Worker)
 * @param commitInterval     {@code --commit-interval} of the dispatcher and workers; null keeps their default
 * @param hookLease          {@code --hook-lease} of the workers (0s: claims off, for comparisons); null keeps theirs
 * @param workerHeap         {@code -Xmx} of each worker JVM (e.g. 256m), or null for the JVM default
 * @param workerSessionTimeout Kafka session timeout of worker JVMs (how soon a killed one's partitions move); null
 *                           leaves the client default
 * @param actionPort         port of the tool's tcp/http server; 0 picks a free one (embedded only)
 * @param baselines          the Kafka baseline's relays to measure after hookstream, each in turn (empty: no
 *                           baseline; for exec actions [bare] means the bare ProcessBuilder loop)
 * @param baselineHooks      hooks of each baseline pass
 * @param baselineConcurrency processes at once of the exec baseline; 0 means workers' total in-flight bound
 * @param chaos              what {@code --chaos} does to the worker JVMs (empty: nothing)
 * @param chaosInterval      mean pause between two chaos events
 * @param chaosMaxWorkers    {@code --chaos scale} never runs more worker JVMs than this; 0 picks
 *                           {@code --worker-processes} + 2
 * @param settle             wait after the last result before counting duplicates; null picks 1s, or the worker
 *                           session timeout + 10s under chaos
 * @param verbose            hookstream's INFO lines (one per hook) in the tool's log and the worker JVMs' logs
 * @param coldWindow         {@code --cold}: no warm-up allowed, and the latencies of the hooks started in this first
 *                           window after the first request are reported apart from the rest; null when not cold
 * @param cpuPids            more processes whose CPU counts in {@code cpuMsPerHook} (e.g. an external cluster's
 *                           dispatcher and worker JVMs on this machine); the tool's JVM and its worker JVMs always do
 */
public record LoadTestSettings(
        String bootstrapServers,
        String topicPrefix,
        int partitions,
        int hooks,
        int hooksPerRun,
        double rate,
        int workers,
        int workerProcesses,
        int maxInFlight,
        Duration commitInterval,
        Duration hookLease,
        String workerHeap,
        Duration workerSessionTimeout,
        Action action,
        Duration actionDelay,
        int payloadBytes,
        int actionPort,
        Duration hookTimeout,
        List<BaselineRelay> baselines,
        int baselineHooks,
        int baselineConcurrency,
        Set<ChaosMode> chaos,
        Duration chaosInterval,
        int chaosMaxWorkers,
        long seed,
        int warmupHooks,
        Duration drainTimeout,
        Duration settle,
        Duration timeout,
        Path json,
        boolean progress,
        boolean verbose,
        Duration coldWindow,
        List<Long> cpuPids) {

    /** The first window of {@code --cold} when no duration is given. */
    public static final Duration DEFAULT_COLD_WINDOW = Duration.ofSeconds(30);

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    public LoadTestSettings {
        baselines = List.copyOf(baselines);
        cpuPids = cpuPids == null ? List.of() : List.copyOf(cpuPids);
        chaos = chaos == null || chaos.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(chaos));
    }

    /** Settings for a small embedded run with in-process workers; a starting point for tests. */
    public static LoadTestSettings embeddedDefaults() {
        return new LoadTestSettings(
                null,
                "hookstream.",
                0,
                1000,
                1,
                0,
                1,
                0,
                64,
                null,
                null,
                null,
                Duration.ofSeconds(10),
                Action.TCP,
                Duration.ZERO,
                64,
                0,
                Duration.ofSeconds(30),
                List.of(),
                1000,
                0,
                Set.of(),
                Duration.ofSeconds(5),
                0,
                1,
                0,
                Duration.ofSeconds(30),
                null,
                Duration.ofMinutes(10),
                null,
                true,
                false,
                null,
                List.of());
    }

    /** Whether a baseline is measured at all. */
    public boolean baseline() {
        return !baselines.isEmpty();
    }

    public boolean embedded() {
        return bootstrapServers == null;
    }

    public int runs() {
        return hooks / hooksPerRun;
    }

    /** Worker consumers in total (every process's consumers, or the in-process ones). */
    public int workerConsumers() {
        return workerProcesses > 0 ? workerProcesses * workers : workers;
    }

    /** How many Worker instances (each with its own in-flight bound) run. */
    public int workerInstances() {
        return workerProcesses > 0 ? workerProcesses : workers;
    }

    public boolean chaosKillWorker() {
        return chaos.contains(ChaosMode.KILL_WORKER);
    }

    public boolean chaosScale() {
        return chaos.contains(ChaosMode.SCALE);
    }

    /** The most worker JVMs {@code --chaos scale} may run at once. */
    public int effectiveChaosMaxWorkers() {
        return chaosMaxWorkers > 0 ? chaosMaxWorkers : workerProcesses + 2;
    }

    /** The most worker consumers the run can have at once (more under {@code --chaos scale}). */
    public int maxWorkerConsumers() {
        return chaosScale() ? Math.max(workerProcesses, effectiveChaosMaxWorkers()) * workers : workerConsumers();
    }

    /**
     * max(6, the most worker consumers at once) unless {@code --partitions} says otherwise: a worker is ready only
     * when each of its consumers holds partitions, so scale chaos needs a partition per consumer it may start.
     */
    public int effectivePartitions() {
        return partitions > 0 ? partitions : Math.max(6, maxWorkerConsumers());
    }

    /**
     * {@code --shutdown-timeout} of the worker JVMs: the hook timeout plus 10 s, so that a worker removed with
     * SIGTERM can let every action in flight finish (none runs longer than the hook timeout).
     */
    public Duration workerShutdownTimeout() {
        return hookTimeout.plusSeconds(10);
    }

    public Duration effectiveSettle() {
        if (settle != null) {
            return settle;
        }
        if (!chaos.isEmpty()) {
            Duration session = workerSessionTimeout == null ? Duration.ofSeconds(45) : workerSessionTimeout;
            return session.plusSeconds(10);
        }
        return Duration.ofSeconds(1);
    }

    public int effectiveBaselineConcurrency() {
        return baselineConcurrency > 0 ? baselineConcurrency : workerInstances() * maxInFlight;
    }

    public LoadTestSettings withJson(Path file) {
        return new LoadTestSettings(
                bootstrapServers,
                topicPrefix,
                partitions,
                hooks,
                hooksPerRun,
                rate,
                workers,
                workerProcesses,
                maxInFlight,
                commitInterval,
                hookLease,
                workerHeap,
                workerSessionTimeout,
                action,
                actionDelay,
                payloadBytes,
                actionPort,
                hookTimeout,
                baselines,
                baselineHooks,
                baselineConcurrency,
                chaos,
                chaosInterval,
                chaosMaxWorkers,
                seed,
                warmupHooks,
                drainTimeout,
                settle,
                timeout,
                file,
                progress,
                verbose,
                coldWindow,
                cpuPids);
    }

    /** Every problem with these settings, each naming its flag and what to do; empty when they are usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (hooks < 1) {
            problems.add("--hooks: must be at least 1");
        }
        if (hooksPerRun < 1) {
            problems.add("--hooks-per-run: must be at least 1");
        } else if (hooks % hooksPerRun != 0) {
            problems.add("--hooks: must be a multiple of --hooks-per-run (" + hooksPerRun + ")");
        }
        if (rate < 0 || Double.isNaN(rate)) {
            problems.add("--rate: must be positive (runs per second), or left out for as fast as possible");
        }
        if (workers < 1) {
            problems.add("--workers: must be at least 1");
        }
        if (workerProcesses < 0) {
            problems.add("--worker-processes: must be 0 (in-process workers) or more");
        }
        if (maxInFlight < 1) {
            problems.add("--max-in-flight: must be at least 1");
        }
        if (workerHeap != null && !HEAP.matcher(workerHeap).matches()) {
            problems.add("--worker-heap: '" + workerHeap + "' is not a heap size; give it as for -Xmx, e.g. 256m");
        }
        if (workerHeap != null && workerProcesses == 0) {
            problems.add("--worker-heap: applies to worker processes only; add --worker-processes N");
        }
        if (!embedded()) {
            if (workerProcesses > 0 || !chaos.isEmpty()) {
                problems.add("--worker-processes/--chaos: the tool starts workers only with --embedded; against "
                        + "--bootstrap-servers the cluster's own workers run the hooks");
            }
            if (action.needsServer() && actionPort == 0) {
                problems.add("--action-port: against --bootstrap-servers give the port the " + action.templateName()
                        + " template names (write it with --print-templates --action-port N)");
            }
            problems.addAll(Loopback.problems("--bootstrap-servers", bootstrapServers));
        }
        if (chaosKillWorker() && workerProcesses < 2) {
            problems.add("--chaos kill-worker: needs --worker-processes 2 or more (one is killed at a time)");
        }
        if (chaosScale() && workerProcesses < 1) {
            problems.add("--chaos scale: needs --worker-processes 1 or more (it adds and removes worker JVMs)");
        }
        if (chaosMaxWorkers < 0) {
            problems.add("--chaos-max-workers: must be 0 (--worker-processes + 2) or more");
        } else if (chaosMaxWorkers > 0 && (chaosMaxWorkers < Math.max(2, workerProcesses))) {
            problems.add("--chaos-max-workers: must be at least 2 and at least --worker-processes (" + workerProcesses
                    + ")");
        }
        if (!chaos.isEmpty() && (chaosInterval.isNegative() || chaosInterval.toMillis() < 100)) {
            problems.add("--chaos-interval: must be at least 100ms");
        }
        if (actionPort < 0 || actionPort > 65_535) {
            problems.add("--action-port: must be between 0 and 65535");
        }
        if (payloadBytes < 1 || payloadBytes > 100_000) {
            problems.add("--payload-bytes: must be between 1 and 100000");
        }
        if (actionDelay.isNegative()) {
            problems.add("--action-delay: must not be negative");
        }
        if (actionDelay.compareTo(hookTimeout) >= 0) {
            problems.add(
                    "--action-delay: must be shorter than --hook-timeout (" + GoDuration.format(hookTimeout) + ")");
        }
        if (action.isExec() && baseline() && !baselines.equals(List.of(BaselineRelay.BARE))) {
            problems.add("--baseline: exec actions are compared with a bare ProcessBuilder loop; the relays "
                    + baselines + " apply to tcp and http actions (give --baseline alone)");
        }
        if (baselineHooks < 1) {
            problems.add("--baseline-hooks: must be at least 1");
        }
        if (warmupHooks < 0 || (warmupHooks > 0 && hooksPerRun > 0 && warmupHooks % hooksPerRun != 0)) {
            problems.add("--warmup: must be 0 or a multiple of --hooks-per-run");
        }
        if (coldWindow != null && warmupHooks > 0) {
            problems.add("--cold: measures freshly started services; leave out --warmup");
        }
        if (coldWindow != null && (coldWindow.isNegative() || coldWindow.toMillis() < 100)) {
            problems.add("--cold: the first window must be at least 100ms (default 30s)");
        }
        for (long pid : cpuPids) {
            if (ProcessHandle.of(pid).isEmpty()) {
                problems.add("--cpu-pid: no process " + pid + " is running on this machine");
            }
        }
        if (partitions < 0) {
            problems.add("--partitions: must be 0 (automatic) or more");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("--timeout: must be positive");
        }
        return problems;
    }

    /** The settings as they go into the JSON summary. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", embedded() ? "embedded" : "external");
        out.put("bootstrapServers", bootstrapServers);
        out.put("topicPrefix", topicPrefix);
        out.put("partitions", embedded() ? effectivePartitions() : null);
        out.put("hooks", hooks);
        out.put("hooksPerRun", hooksPerRun);
        out.put("rate", rate > 0 ? rate : null);
        out.put("action", action.wireName());
        out.put("actionDelay", GoDuration.format(actionDelay));
        out.put("payloadBytes", action == Action.ECHO ? payloadBytes : null);
        out.put("workers", workers);
        out.put("workerProcesses", workerProcesses);
        out.put("workerConsumers", workerConsumers());
        out.put("maxInFlight", maxInFlight);
        out.put("hookLease", hookLease == null ? null : GoDuration.format(hookLease));
        out.put("workerHeap", workerHeap);
        out.put(
                "workerSessionTimeout",
                workerProcesses > 0 && workerSessionTimeout != null ? GoDuration.format(workerSessionTimeout) : null);
        out.put("hookTimeout", GoDuration.format(hookTimeout));
        out.put("baseline", baseline());
        out.put(
                "baselineRelays",
                baseline() && !action.isExec()
                        ? baselines.stream().map(BaselineRelay::wireName).toList()
                        : null);
        out.put("baselineHooks", baseline() ? baselineHooks : null);
        out.put(
                "chaos",
                chaos.isEmpty()
                        ? null
                        : chaos.stream().sorted().map(ChaosMode::wireName).toList());
        out.put("chaosInterval", chaos.isEmpty() ? null : GoDuration.format(chaosInterval));
        out.put("chaosMaxWorkers", chaosScale() ? effectiveChaosMaxWorkers() : null);
        out.put("workerShutdownTimeout", workerProcesses > 0 ? GoDuration.format(workerShutdownTimeout()) : null);
        out.put("seed", seed);
        out.put("warmupHooks", warmupHooks);
        out.put("cold", coldWindow == null ? null : GoDuration.format(coldWindow));
        out.put("cpuPids", cpuPids.isEmpty() ? null : cpuPids);
        out.put("drainTimeout", GoDuration.format(drainTimeout));
        out.put("settle", GoDuration.format(effectiveSettle()));
        out.put("timeout", GoDuration.format(timeout));
        return out;
    }
}
