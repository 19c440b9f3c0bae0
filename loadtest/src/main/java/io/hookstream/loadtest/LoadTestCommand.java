package io.hookstream.loadtest;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hookstream loadtest}: drives hook runs through hookstream and reports throughput, latency, lost and
 * duplicated results, optionally against a bare baseline. Exit code 0 when every hook got exactly one result
 * and every run one outcome, 1 when not (or on timeout), 2 for invalid settings, 3 when a part could not start.
 */
@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Drive hook runs through hookstream and measure throughput, request->result latency, lost "
                    + "and duplicated results; with --baseline also the bare Kafka (or ProcessBuilder) limit.",
            "Progress goes to stderr once a second, the summary to stdout. Only loopback addresses are used."
        })
public final class LoadTestCommand implements Callable<Integer> {

    @CommandLine.ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(
                names = "--embedded",
                required = true,
                description = "Start an embedded broker, a dispatcher (generated templates) and workers.")
        boolean embedded;

        @Option(
                names = "--bootstrap-servers",
                required = true,
                paramLabel = "HOST:PORT",
                description = "An existing loopback cluster with a dispatcher and workers running and the "
                        + "load-test templates loaded (see --print-templates).")
        String bootstrapServers;

        @Option(
                names = "--print-templates",
                required = true,
                description = "Print the HookTemplates the tool's requests use (for an existing cluster) and exit.")
        boolean printTemplates;
    }

    @Option(
            names = "--hooks",
            defaultValue = "1000",
            description = "Hooks to run in the measured pass (default ${DEFAULT-VALUE}).")
    int hooks;

    @Option(
            names = "--hooks-per-run",
            defaultValue = "1",
            description = "Hooks per run, run in sequence (default ${DEFAULT-VALUE}).")
    int hooksPerRun;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description =
                    "Runs offered per second; as fast as possible when absent. Latency then counts from each request's intended send time.")
    Double rate;

    @Option(
            names = "--action",
            defaultValue = "tcp",
            paramLabel = "tcp|http|exec|echo",
            converter = ActionConverter.class,
            description =
                    "tcpSocket to the tool's listener, httpPost of the hook id to the tool's HTTP server (which counts invocations per hook), exec true, or exec /bin/echo of a payload (default ${DEFAULT-VALUE}).")
    Action action;

    @Option(
            names = "--action-delay",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "How long the HTTP server waits before answering (http only; default ${DEFAULT-VALUE}).")
    Duration actionDelay;

    @Option(
            names = "--action-port",
            defaultValue = "0",
            description =
                    "Port of the tool's tcp/http server on 127.0.0.1 (0: a free one; needed with --bootstrap-servers).")
    int actionPort;

    @Option(
            names = "--payload-bytes",
            defaultValue = "64",
            description = "Size of the echo payload (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "In-process workers, or consumers per worker JVM (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--worker-processes",
            defaultValue = "0",
            description = "Worker JVMs to start (default ${DEFAULT-VALUE}: workers run in this process).")
    int workerProcesses;

    @Option(
            names = "--max-in-flight",
            defaultValue = "64",
            description = "In-flight bound of each worker (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--commit-interval",
            converter = DurationConverter.class,
            description =
                    "Shortest time between two transactions of the dispatcher and of each worker consumer (default: theirs, 25ms).")
    Duration commitInterval;

    @Option(
            names = "--hook-lease",
            converter = DurationConverter.class,
            description =
                    "--hook-lease of the workers (default: theirs, 30s); 0s turns their claims off, to measure what claims cost.")
    Duration hookLease;

    @Option(names = "--worker-heap", paramLabel = "SIZE", description = "-Xmx of each worker JVM, e.g. 256m.")
    String workerHeap;

    @Option(
            names = "--worker-session-timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "Kafka session timeout of worker JVMs: how soon a killed worker's partitions move (default ${DEFAULT-VALUE}).")
    Duration workerSessionTimeout;

    @Option(
            names = "--partitions",
            defaultValue = "0",
            description = "Partitions of the embedded topics (0: max(6, worker consumers)).")
    int partitions;

    @Option(
            names = "--topic-prefix",
            defaultValue = "hookstream.",
            description = "Topic prefix (default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(
            names = "--hook-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Timeout of each hook (default ${DEFAULT-VALUE}).")
    Duration hookTimeout;

    @Option(
            names = "--baseline",
            arity = "0..1",
            fallbackValue = "bare",
            split = ",",
            paramLabel = "RELAYS",
            converter = BaselineChoiceConverter.class,
            description = {
                "Also measure the Kafka limit with relays moving the same records through the same hops "
                        + "(for exec: a bare ProcessBuilder loop). --baseline alone: bare (plain clients); "
                        + "--baseline=bare,eos,share,share-tx measures each in turn on the same broker: eos (both hops "
                        + "transactional as hookstream's, same --commit-interval, read_committed), share (share-group "
                        + "workers, KIP-932, explicit ACCEPT after an idempotent result), share-tx (results in a "
                        + "transaction, no offsets). --baseline both: bare,eos. The summary gives hookstream's ratio to each."
            })
    List<BaselineChoice> baseline;

    @Option(names = "--baseline-hooks", description = "Hooks of the baseline pass (default: --hooks).")
    Integer baselineHooks;

    @Option(
            names = "--baseline-concurrency",
            defaultValue = "0",
            description = "Processes at once in the exec baseline (0: workers x --max-in-flight).")
    int baselineConcurrency;

    @Option(
            names = "--chaos",
            paramLabel = "MODE",
            split = ",",
            converter = ChaosModeConverter.class,
            description = {
                "While hooks are outstanding, at random intervals: kill-worker: SIGKILL a random worker JVM "
                        + "and start a replacement (needs --worker-processes >= 2); scale: add a worker JVM, remove one "
                        + "with SIGTERM (it drains its hooks), or replace one as a rolling update does (new one ready, "
                        + "then an old one SIGTERMed), between 1 and --chaos-max-workers JVMs. Both: kill-worker,scale."
            })
    List<ChaosMode> chaos;

    @Option(
            names = "--chaos-interval",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Mean pause between chaos events (default ${DEFAULT-VALUE}).")
    Duration chaosInterval;

    @Option(
            names = "--chaos-max-workers",
            defaultValue = "0",
            description = "Most worker JVMs at once under --chaos scale (default: --worker-processes + 2).")
    int chaosMaxWorkers;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the chaos pauses and victims and of the payload (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--warmup",
            defaultValue = "0",
            description = "Hooks of an unmeasured warm-up pass first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--cold",
            arity = "0..1",
            fallbackValue = "30s",
            paramLabel = "WINDOW",
            converter = DurationConverter.class,
            description = "Measure freshly started services: no warm-up (--warmup not allowed), and the latency of the "
                    + "hooks started in the first WINDOW (default 30s) reported apart from the rest.")
    Duration cold;

    @Option(
            names = "--cpu-pid",
            paramLabel = "PID",
            split = ",",
            description = "More processes whose CPU counts in cpuMsPerHook, e.g. an external cluster's dispatcher and "
                    + "workers on this machine (the tool's JVM and its worker JVMs always count).")
    List<Long> cpuPids;

    @Option(
            names = "--drain-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "After the last send, stop waiting when nothing new arrived for this long (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(
            names = "--settle",
            converter = DurationConverter.class,
            description =
                    "Keep watching this long after the last result to catch late duplicates (default 1s; with --chaos the worker session timeout + 10s).")
    Duration settle;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Overall limit; the tool stops by itself (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary here.")
    Path json;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(
            names = "--verbose",
            description =
                    "Log hookstream's own INFO lines, also in the worker JVMs' logs (one per hook; slows the test).")
    boolean verbose;

    private final PrintStream out;
    private final PrintStream err;

    public LoadTestCommand() {
        this(System.out, System.err);
    }

    public LoadTestCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (target.printTemplates) {
            out.print(LoadTest.templatesYaml(actionPort));
            return 0;
        }
        if (!verbose) {
            Configurator.setAllLevels("io.hookstream", Level.WARN);
            Configurator.setAllLevels("org.apache.kafka", Level.ERROR);
            Configurator.setAllLevels("kafka", Level.ERROR);
        }
        LoadTestSettings settings = settings();
        LoadTestReport report;
        try {
            report = LoadTest.run(settings, err);
        } catch (LoadTestException e) {
            err.println("hookstream loadtest: " + e.getMessage());
            return "InvalidSettings".equals(e.reason()) ? 2 : 3;
        }
        out.print(report.summary());
        if (json != null) {
            try {
                Files.writeString(
                        json,
                        Json.mapper()
                                        .copy()
                                        .enable(SerializationFeature.INDENT_OUTPUT)
                                        .writeValueAsString(report.toJson())
                                + "\n");
            } catch (IOException e) {
                err.println("hookstream loadtest: --json: cannot write " + json + ": " + e.getMessage());
                return 3;
            }
        }
        return report.clean() ? 0 : 1;
    }

    LoadTestSettings settings() {
        return new LoadTestSettings(
                target.embedded ? null : target.bootstrapServers,
                topicPrefix,
                partitions,
                hooks,
                hooksPerRun,
                rate == null ? 0 : rate,
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
                baseline == null
                        ? List.of()
                        : baseline.stream()
                                .flatMap(c -> c.relays().stream())
                                .distinct()
                                .toList(),
                baselineHooks == null ? hooks : baselineHooks,
                baselineConcurrency,
                chaos == null ? Set.of() : Set.copyOf(chaos),
                chaosInterval,
                chaosMaxWorkers,
                seed,
                warmup,
                drainTimeout,
                settle,
                timeout,
                json,
                !quiet,
                verbose,
                cold,
                cpuPids == null ? List.of() : cpuPids);
    }

    /** Runs the command with these arguments and returns its exit code. */
    public static int execute(String... args) {
        return new CommandLine(new LoadTestCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return GoDuration.parse(value);
        }
    }

    static final class ChaosModeConverter implements CommandLine.ITypeConverter<ChaosMode> {
        @Override
        public ChaosMode convert(String value) {
            return ChaosMode.parse(value);
        }
    }

    /** One value of {@code --baseline}: a relay, or {@code both} (bare and eos). */
    record BaselineChoice(List<BaselineRelay> relays) {}

    static final class BaselineChoiceConverter implements CommandLine.ITypeConverter<BaselineChoice> {
        @Override
        public BaselineChoice convert(String value) {
            if ("both".equalsIgnoreCase(value.trim())) {
                return new BaselineChoice(List.of(BaselineRelay.BARE, BaselineRelay.EOS));
            }
            return new BaselineChoice(List.of(BaselineRelay.parse(value)));
        }
    }

    static final class ActionConverter implements CommandLine.ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            return Action.parse(value);
        }
    }
}
