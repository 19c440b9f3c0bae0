package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.ChaosFigures;
import io.hookstream.loadtest.ColdFigures;
import io.hookstream.loadtest.CpuFigures;
import io.hookstream.loadtest.HookInvocationFigures;
import io.hookstream.loadtest.LoadTestReport;
import io.hookstream.loadtest.LoadTestSettings;
import io.hookstream.loadtest.PassFigures;
import io.hookstream.loadtest.Percentiles;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary printed to stdout at the end of a load test. */
public final class SummaryText {

    private SummaryText() {}

    public static String of(LoadTestReport report) {
        LoadTestSettings s = report.settings();
        PassFigures f = report.hookstream();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "hookstream loadtest: %d hooks (%d runs x %d), action %s%s, %s, %s%n",
                f.hooks(),
                f.runs(),
                s.hooksPerRun(),
                s.action(),
                s.actionDelay().isZero() ? "" : " (delay " + s.actionDelay().toMillis() + " ms)",
                s.embedded() ? workers(s) : "cluster at " + s.bootstrapServers(),
                s.rate() > 0 ? String.format(Locale.ROOT, "offered %.0f runs/s", s.rate()) : "as fast as possible"));
        line(
                out,
                "throughput",
                String.format(
                        Locale.ROOT,
                        "%.1f hooks/s over %.1f s (offered %.0f hooks/s)",
                        f.throughputPerSec(),
                        f.durationSec(),
                        f.offeredHooksPerSec()));
        line(
                out,
                "latency ms",
                pct(f.latency())
                        + (s.rate() > 0 ? "  (request->result, from intended send time)" : "  (request->result)"));
        if (f.overhead().count() > 0) {
            line(out, "overhead ms", pct(f.overhead()) + "  (latency minus the action's own time)");
            line(out, "action ms", pct(f.action()));
        }
        if (f.stages().inWorker().count() > 0) {
            line(
                    out,
                    "stages p50/p99",
                    String.format(
                            Locale.ROOT,
                            "to dispatch %.0f/%.0f, in worker %.0f/%.0f,"
                                    + " result to tool %.0f/%.0f ms  (record timestamps, 1 ms resolution)",
                            f.stages().toDispatch().p50(),
                            f.stages().toDispatch().p99(),
                            f.stages().inWorker().p50(),
                            f.stages().inWorker().p99(),
                            f.stages().toTool().p50(),
                            f.stages().toTool().p99()));
        }
        ColdFigures cold = f.cold();
        if (cold != null) {
            line(
                    out,
                    String.format(Locale.ROOT, "first %.0f s ms", cold.windowSec()),
                    pct(cold.first())
                            + String.format(
                                    Locale.ROOT,
                                    "  (cold: %d hooks started in the first window)",
                                    cold.first().count()));
            line(
                    out,
                    "after ms",
                    pct(cold.rest())
                            + String.format(
                                    Locale.ROOT, "  (%d hooks)", cold.rest().count()));
        }
        if (f.cpu() != null) {
            line(out, "cpu ms/hook", cpu(f.cpu()));
        }
        if (s.hooksPerRun() > 1) {
            line(out, "run ms", pct(f.runLatency()) + "  (request->run outcome)");
        }
        line(
                out,
                "results",
                String.format(
                        Locale.ROOT,
                        "%d of %d; lost %d (never dispatched %d), duplicated %d" + " (%d extra records), failed %d%s",
                        f.results(),
                        f.hooks(),
                        f.lost(),
                        f.undispatched(),
                        f.duplicated(),
                        f.duplicateResultRecords(),
                        f.failed(),
                        f.failures().isEmpty() ? "" : " " + f.failures()));
        if (!f.lostExamples().isEmpty()) {
            line(
                    out,
                    "lost hooks",
                    String.join(", ", f.lostExamples())
                            + (f.lost() > f.lostExamples().size() ? ", ..." : ""));
        }
        line(
                out,
                "runs",
                String.format(
                        Locale.ROOT,
                        "outcomes %s; lost %d, duplicated %d",
                        f.runOutcomes(),
                        f.runsLost(),
                        f.runsDuplicated()));
        line(
                out,
                "hook events",
                String.format(
                        Locale.ROOT,
                        "%d seen, %d duplicated%s",
                        f.hookEventsSeen(),
                        f.hookEventsDuplicated(),
                        report.actionInvocations() == null
                                ? ""
                                : "; action server called " + report.actionInvocations() + " times"));
        HookInvocationFigures byHook = report.invocationsByHook();
        if (byHook != null) {
            line(
                    out,
                    "actions",
                    String.format(
                            Locale.ROOT,
                            "started twice %d hooks (%d extra invocations),"
                                    + " overlapping %d (started again while an earlier copy still ran)%s%s",
                            byHook.startedTwice(),
                            byHook.extraInvocations(),
                            byHook.overlapping(),
                            byHook.overlappingExamples().isEmpty() ? "" : ", e.g. " + byHook.overlappingExamples(),
                            byHook.unidentified() == 0
                                    ? ""
                                    : "; " + byHook.unidentified() + " requests named no hook"));
        } else if (s.action().needsServer()) {
            line(out, "actions", "started twice / overlapping: " + report.invocationsByHookUnavailable());
        }
        if (f.firstProblem() != null) {
            line(out, "first problem", f.firstProblem());
        }
        if (report.chaos() != null) {
            line(out, "chaos", chaos(report.chaos()));
        }
        String heap = report.heapMaxMiB() != null
                ? report.heapMaxMiB() + " MiB"
                : s.embedded() ? "JVM default" : "unknown (the cluster's own workers)";
        line(out, "workers", "heap max " + heap + facts(report.workerFacts()));
        for (LoadTestReport.Baseline baseline : report.baselines()) {
            PassFigures b = baseline.figures();
            line(
                    out,
                    "baseline",
                    String.format(
                            Locale.ROOT,
                            "%s: %.1f hooks/s, latency %s; lost %d, duplicated %d%s",
                            baseline.relays() == null ? baseline.kind() : baseline.kind() + " " + baseline.relays(),
                            b.throughputPerSec(),
                            pct(b.latency()),
                            b.lost(),
                            b.duplicated(),
                            b.cpu() == null ? "" : String.format(Locale.ROOT, "; cpu %.3f ms/hook", b.cpuMsPerHook())));
            if (b.cpu() != null) {
                line(out, "", "cpu ms/hook " + cpu(b.cpu()));
            }
        }
        for (LoadTestReport.Baseline baseline : report.baselines()) {
            Double ratio = report.ratioTo(baseline);
            line(
                    out,
                    "ratio",
                    String.format(
                            Locale.ROOT,
                            "hookstream / baseline%s = %.3f",
                            baseline.relays() == null ? "" : " " + baseline.relays(),
                            ratio == null ? 0.0 : ratio));
        }
        if (f.timedOut()) {
            line(out, "TIMED OUT", "the --timeout ended the test before every hook was accounted for");
        }
        line(
                out,
                "verdict",
                report.clean()
                        ? "every hook has exactly one result and every run one outcome"
                                + (byHook == null ? "" : "; no action was started while another copy of it ran")
                        : "NOT CLEAN: see lost, duplicated, failed" + (byHook == null ? "" : " and overlapping actions")
                                + " above");
        return out.toString();
    }

    /** Total per hook, then each process with its thread groups (the busiest first, those under 1 % left out). */
    private static String cpu(CpuFigures cpu) {
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "%.3f over %.1f s (%.0f ms of CPU, %d hooks)",
                cpu.msPerHook(),
                cpu.windowSec(),
                cpu.cpuMs(),
                cpu.hooks()));
        for (CpuFigures.ProcessCpu p : cpu.processes()) {
            text.append(String.format(Locale.ROOT, "; %s %.3f", p.name(), p.msPerHook()));
            if (p.childrenCpuMs() != null && p.childrenCpuMs() > 0 && cpu.hooks() > 0) {
                text.append(String.format(Locale.ROOT, " + children %.3f", p.childrenCpuMs() / cpu.hooks()));
            }
            if (!p.threadGroupsMs().isEmpty() && cpu.hooks() > 0) {
                text.append(" [");
                text.append(String.join(
                        ", ",
                        p.threadGroupsMs().entrySet().stream()
                                .filter(e -> p.cpuMs() > 0 && e.getValue() >= p.cpuMs() / 100)
                                .sorted(Map.Entry.<String, Double>comparingByValue()
                                        .reversed())
                                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() / cpu.hooks()))
                                .toList()));
                text.append("]");
            }
            if (p.exited()) {
                text.append(" (ended in the window)");
            }
        }
        return text.toString();
    }

    private static String chaos(ChaosFigures c) {
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "%d events: %d SIGKILLed and replaced," + " %d added, %d removed with SIGTERM, %d rolling replacements",
                c.events(),
                c.kills(),
                c.added(),
                c.removed(),
                c.rolled()));
        if (c.rollsNotReady() > 0) {
            text.append(String.format(Locale.ROOT, " (%d more abandoned: new worker not ready)", c.rollsNotReady()));
        }
        text.append(String.format(Locale.ROOT, "; %d-%d worker JVMs", c.fewestWorkers(), c.mostWorkers()));
        if (!c.exitSeconds().isEmpty()) {
            text.append(String.format(
                    Locale.ROOT,
                    "; SIGTERM to exit max %.1f s",
                    c.exitSeconds().stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElse(0)));
        }
        if (c.forcedAfterSigterm() > 0 || c.stillDraining() > 0) {
            text.append(String.format(
                    Locale.ROOT,
                    "; %d SIGKILLed after the shutdown timeout, %d still draining",
                    c.forcedAfterSigterm(),
                    c.stillDraining()));
        }
        return text.toString();
    }

    private static String workers(LoadTestSettings s) {
        String where = s.workerProcesses() > 0
                ? s.workerProcesses() + " worker JVMs x " + s.workers() + " consumers"
                : s.workers() + " in-process workers";
        return "embedded broker, " + where + " (max in flight " + s.maxInFlight() + " each)";
    }

    private static String facts(Map<String, Object> facts) {
        return facts == null || facts.isEmpty() ? "" : "; " + facts;
    }

    private static String pct(Percentiles p) {
        return String.format(
                Locale.ROOT,
                "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                p.p50(),
                p.p90(),
                p.p99(),
                p.p999(),
                p.max());
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append(String.format(Locale.ROOT, "  %-14s %s%n", label, text));
    }
}
