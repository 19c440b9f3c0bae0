package io.hookstream.loadtest;

import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.loadtest.internal.ActionServer;
import io.hookstream.loadtest.internal.ChaosMonkey;
import io.hookstream.loadtest.internal.CpuMeter;
import io.hookstream.loadtest.internal.EmbeddedSetup;
import io.hookstream.loadtest.internal.ExternalSetup;
import io.hookstream.loadtest.internal.HookTemplates;
import io.hookstream.loadtest.internal.HookstreamDecoder;
import io.hookstream.loadtest.internal.HookstreamSetup;
import io.hookstream.loadtest.internal.Hop;
import io.hookstream.loadtest.internal.KafkaBaseline;
import io.hookstream.loadtest.internal.Pass;
import io.hookstream.loadtest.internal.ProcessBaseline;
import io.hookstream.loadtest.internal.RunIds;
import io.hookstream.loadtest.internal.RunRequests;
import io.hookstream.loadtest.internal.Samples;
import io.hookstream.loadtest.internal.Tracker;
import io.hookstream.schemas.event.Phase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs one load test: starts the action server and (with {@code --embedded}) broker, dispatcher and workers,
 * optionally a warm-up pass, then the measured pass, then the baseline; stops everything it started, always
 * within {@code --timeout}.
 */
public final class LoadTest {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private LoadTest() {}

    /**
     * @param progress where progress lines go (stderr), or null for none
     * @throws LoadTestException when the settings have problems or a part cannot start
     */
    public static LoadTestReport run(LoadTestSettings settings, PrintStream progressStream) {
        PrintStream progress = settings.progress() ? progressStream : null;
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new LoadTestException("InvalidSettings", String.join("\n", problems));
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        String startedAt = Instant.now().toString();
        Random random = new Random(settings.seed());
        String passId = HexFormat.of().toHexDigits(new Random().nextInt()).substring(2);
        Path runDir = createRunDir();
        boolean keepRunDir = settings.workerProcesses() > 0;
        ActionServer server = null;
        HookstreamSetup setup = null;
        try {
            if (settings.action().needsServer()) {
                server = ActionServer.start(settings.action(), settings.actionPort(), settings.actionDelay());
            }
            int port = server == null ? settings.actionPort() : server.port();
            setup = settings.embedded()
                    ? EmbeddedSetup.start(settings, port, runDir)
                    : new ExternalSetup(settings.bootstrapServers(), settings.topicPrefix());
            say(
                    progress,
                    settings.embedded()
                            ? "waiting for the dispatcher and " + settings.workerConsumers()
                                    + " worker consumers to hold their partitions"
                                    + (keepRunDir ? " (worker logs in " + runDir + ")" : "")
                            : "checking that the cluster's dispatcher and worker groups have members");
            setup.awaitReady(READY_TIMEOUT);
            RunRequests requests = new RunRequests(
                    settings.action(),
                    settings.hooksPerRun(),
                    settings.hookTimeout(),
                    settings.payloadBytes(),
                    settings.seed());
            Samples samples = new Samples();
            Map<Hop, String> watched = watched(setup.topics());
            if (settings.warmupHooks() > 0) {
                RunIds warm = new RunIds(
                        "ltw-" + passId + "-", settings.warmupHooks() / settings.hooksPerRun(), settings.hooksPerRun());
                PassFigures w = Pass.run(spec(
                        "warmup",
                        setup,
                        watched,
                        new HookstreamDecoder(new Samples()),
                        warm,
                        requests,
                        settings,
                        Duration.ofSeconds(1),
                        deadline,
                        progress,
                        null,
                        null,
                        null));
                say(progress, "warm-up: " + w.results() + " results, " + w.throughputPerSec() + " hooks/s");
            }
            if (server != null) {
                server.resetInvocations();
            }
            RunIds ids = new RunIds("lt-" + passId + "-", settings.runs(), settings.hooksPerRun());
            samples.requestBytes(requests.request(ids.runId(0)).length);
            HookstreamSetup current = setup;
            AtomicReference<ChaosMonkey> monkey = new AtomicReference<>();
            Function<Tracker, AutoCloseable> chaos = settings.chaos().isEmpty()
                    ? null
                    : tracker -> {
                        monkey.set(ChaosMonkey.start(
                                current.processes(),
                                settings.chaos(),
                                settings.effectiveChaosMaxWorkers(),
                                settings.chaosInterval(),
                                random,
                                tracker,
                                progress));
                        return monkey.get();
                    };
            Supplier<List<CpuMeter.Target>> cpuTargets = () -> cpuTargets(current, settings);
            PassFigures figures = Pass.run(spec(
                    "hookstream",
                    setup,
                    watched,
                    new HookstreamDecoder(samples),
                    ids,
                    requests,
                    settings,
                    settings.effectiveSettle(),
                    deadline,
                    progress,
                    chaos,
                    () -> CpuMeter.start(toolRole(settings, false), cpuTargets),
                    settings.coldWindow()));
            Long invocations = server == null ? null : server.invocations();
            HookInvocationFigures byHook = server == null || !settings.action().identifiesHook()
                    ? null
                    : server.byHook().figures(id -> ids.hookIndex(id) >= 0);
            ChaosFigures chaosFigures =
                    monkey.get() == null ? null : monkey.get().figures();
            Long heap = setup.heapMaxMiB();
            setup.stopServices();
            List<LoadTestReport.Baseline> baselines = new ArrayList<>();
            if (settings.baseline() && settings.action().isExec() && System.nanoTime() < deadline) {
                List<String> command = settings.action() == Action.ECHO
                        ? List.of("/bin/echo", "x".repeat(settings.payloadBytes()))
                        : List.of("true");
                say(
                        progress,
                        "baseline: " + settings.baselineHooks() + " bare ProcessBuilder runs of " + command.get(0)
                                + ", " + settings.effectiveBaselineConcurrency() + " at once");
                CpuMeter meter = CpuMeter.start("loadtest tool (the ProcessBuilder loop)", cpuTargets);
                PassFigures loop = ProcessBaseline.run(
                        command, settings.baselineHooks(), settings.effectiveBaselineConcurrency(), deadline);
                baselines.add(new LoadTestReport.Baseline("process", null, loop.withCpu(meter.stop(loop.results()))));
            } else if (settings.baseline()) {
                Duration commitInterval = settings.commitInterval() != null
                        ? settings.commitInterval()
                        : TransactionalLoop.DEFAULT_COMMIT_INTERVAL;
                for (BaselineRelay relay : settings.baselines()) {
                    if (System.nanoTime() >= deadline) {
                        break;
                    }
                    say(
                            progress,
                            "baseline " + relay + ": Kafka relays, 1 dispatcher + " + setup.workerConsumers()
                                    + " worker consumers, " + settings.baselineHooks() + " hooks"
                                    + (settings.warmupHooks() > 0
                                            ? " after " + settings.warmupHooks() + " warm-up hooks"
                                            : ""));
                    baselines.add(new LoadTestReport.Baseline(
                            "kafka",
                            relay.wireName(),
                            KafkaBaseline.run(new KafkaBaseline.Spec(
                                    setup.bootstrapServers(),
                                    setup.topics(),
                                    setup.workerConsumers(),
                                    settings.baselineHooks(),
                                    settings.hooksPerRun(),
                                    requests,
                                    samples,
                                    settings.rate(),
                                    settings.warmupHooks(),
                                    commitInterval,
                                    settings.drainTimeout(),
                                    deadline,
                                    progress,
                                    passId,
                                    relay,
                                    () -> CpuMeter.start(toolRole(settings, true), cpuTargets)))));
                }
            }
            return new LoadTestReport(
                    settings,
                    startedAt,
                    figures,
                    baselines,
                    heap,
                    setup.workerFacts(),
                    invocations,
                    byHook,
                    samples.sizes(),
                    chaosFigures);
        } finally {
            if (setup != null) {
                setup.close();
            }
            if (server != null) {
                server.close();
            }
            if (!keepRunDir) {
                deleteQuietly(runDir);
            }
        }
    }

    private static Pass.Spec spec(
            String label,
            HookstreamSetup setup,
            Map<Hop, String> watched,
            HookstreamDecoder decoder,
            RunIds ids,
            RunRequests requests,
            LoadTestSettings settings,
            Duration settle,
            long deadline,
            PrintStream progress,
            Function<Tracker, AutoCloseable> during,
            Supplier<CpuMeter> cpu,
            Duration coldWindow) {
        return new Pass.Spec(
                label,
                setup.bootstrapServers(),
                setup.topics().requests(),
                watched,
                decoder,
                ids,
                requests,
                settings.rate(),
                settings.drainTimeout(),
                settle,
                deadline,
                progress,
                during,
                cpu,
                coldWindow);
    }

    /** The processes besides this JVM whose CPU counts: the worker JVMs (as they are now) and --cpu-pid. */
    private static List<CpuMeter.Target> cpuTargets(HookstreamSetup setup, LoadTestSettings settings) {
        List<CpuMeter.Target> targets = new ArrayList<>();
        if (setup.processes() != null) {
            setup.processes()
                    .members()
                    .forEach(m -> targets.add(new CpuMeter.Target(
                            m.name(), "worker JVM", m.process().pid())));
        }
        settings.cpuPids().forEach(pid -> targets.add(new CpuMeter.Target("pid-" + pid, "--cpu-pid", pid)));
        return targets;
    }

    private static String toolRole(LoadTestSettings settings, boolean baseline) {
        String parts = baseline
                ? "baseline relays"
                : settings.embedded()
                        ? "dispatcher"
                                + (settings.workerProcesses() > 0
                                        ? ""
                                        : ", " + settings.workers() + " in-process workers")
                        : "";
        return "loadtest tool" + (settings.embedded() ? ", embedded broker" : "")
                + (parts.isEmpty() ? "" : ", " + parts);
    }

    private static Map<Hop, String> watched(TopicNames topics) {
        Map<Hop, String> watched = new EnumMap<>(Hop.class);
        watched.put(Hop.HOOK_EVENT, topics.hooks(Phase.PRE_BACKUP));
        watched.put(Hop.RESULT, topics.results());
        watched.put(Hop.OUTCOME, topics.runs());
        return watched;
    }

    /** The templates an existing cluster's dispatcher needs for the tool's requests. */
    public static String templatesYaml(int actionPort) {
        return HookTemplates.yaml(actionPort);
    }

    private static void say(PrintStream progress, String line) {
        if (progress != null) {
            progress.println("[loadtest] " + line);
        }
    }

    private static Path createRunDir() {
        try {
            return Files.createTempDirectory("hookstream-loadtest-");
        } catch (IOException e) {
            throw new LoadTestException(
                    "NoTempDir",
                    "cannot create a temporary directory: " + e.getMessage() + "; check java.io.tmpdir",
                    e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
