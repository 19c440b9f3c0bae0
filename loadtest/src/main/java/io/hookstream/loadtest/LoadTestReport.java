package io.hookstream.loadtest;

import io.hookstream.loadtest.internal.ReportJson;
import io.hookstream.loadtest.internal.SummaryText;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a load test: the measured hookstream pass, the baseline pass when one ran, and what is known of
 * the workers.
 *
 * @param startedAt          ISO-8601 time the test started
 * @param hookstream         the measured pass
 * @param baselines          the baseline passes in the order they ran (empty without {@code --baseline})
 * @param heapMaxMiB         the max heap of each worker (this JVM's for in-process workers, {@code --worker-heap}
 *                           for worker JVMs), or null when unknown
 * @param workerFacts        what the tool saw of its worker JVMs (GC, unexpected exits, log directory)
 * @param actionInvocations  how often the tool's tcp/http server was called in the measured pass, or null
 * @param invocationsByHook  what the http server saw per hook id (started twice, overlapping), or null where the
 *                           action does not name its hook (tcp, exec, echo)
 * @param recordBytes        record sizes per hop (value plus headers), as replayed by the Kafka baseline
 * @param chaos              what {@code --chaos} did, or null without it
 */
public record LoadTestReport(
        LoadTestSettings settings,
        String startedAt,
        PassFigures hookstream,
        List<Baseline> baselines,
        Long heapMaxMiB,
        Map<String, Object> workerFacts,
        Long actionInvocations,
        HookInvocationFigures invocationsByHook,
        Map<String, Integer> recordBytes,
        ChaosFigures chaos) {

    /**
     * One baseline pass.
     *
     * @param kind    {@code kafka} (relays on the same broker) or {@code process} (bare ProcessBuilder loop, for exec
     *                actions)
     * @param relays  for {@code kafka}, how the relays move records ({@code bare}, {@code eos}, {@code share},
     *                {@code share-tx}); null for {@code process}
     */
    public record Baseline(String kind, String relays, PassFigures figures) {}

    public LoadTestReport {
        baselines = List.copyOf(baselines);
    }

    /** The first baseline's kind (the one the ratio is taken to), or null without a baseline. */
    public String baselineKind() {
        return baselines.isEmpty() ? null : baselines.get(0).kind();
    }

    /** The first baseline's figures, or null without a baseline. */
    public PassFigures baseline() {
        return baselines.isEmpty() ? null : baselines.get(0).figures();
    }

    public double throughputPerSec() {
        return hookstream.throughputPerSec();
    }

    /** hookstream's throughput divided by this baseline's, or null when the baseline moved nothing. */
    public Double ratioTo(Baseline baseline) {
        double base = baseline.figures().throughputPerSec();
        return base <= 0 ? null : Math.round(hookstream.throughputPerSec() / base * 1000) / 1000.0;
    }

    /** hookstream's throughput divided by the first baseline's, or null without a baseline. */
    public Double ratioToBaseline() {
        PassFigures first = baseline();
        if (first == null || first.throughputPerSec() <= 0) {
            return null;
        }
        return Math.round(hookstream.throughputPerSec() / first.throughputPerSec() * 1000) / 1000.0;
    }

    /**
     * Whether the measured pass delivered exactly one result per hook and one outcome per run, all succeeded,
     * within the time limit, and (where the server can tell) no hook's action was started again while an earlier
     * copy still ran. An action started twice one after the other is not unclean by itself: after a SIGKILL it is
     * what the delivery contract allows.
     */
    public boolean clean() {
        return hookstream.lost() == 0
                && hookstream.duplicated() == 0
                && hookstream.failed() == 0
                && hookstream.runsLost() == 0
                && hookstream.runsDuplicated() == 0
                && !hookstream.timedOut()
                && hookstream.sendErrors() == 0
                && (invocationsByHook == null || invocationsByHook.overlapping() == 0);
    }

    /** Why {@code actionsStartedTwice} and {@code actionsOverlapping} are missing, or null when they are there. */
    public String invocationsByHookUnavailable() {
        if (invocationsByHook != null) {
            return null;
        }
        return switch (settings.action()) {
            case TCP -> "not available with --action tcp: a tcp connection carries no hook id (use --action http)";
            case HTTP -> "not available: the http server did not run";
            default ->
                "not available with --action " + settings.action() + ": the tool sees no invocation of an "
                        + "exec action (use --action http)";
        };
    }

    /** The machine-readable summary ({@code --json FILE}). */
    public Map<String, Object> toJson() {
        return ReportJson.of(this);
    }

    /** The human-readable summary printed at the end. */
    public String summary() {
        return SummaryText.of(this);
    }
}
