package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.ChaosFigures;
import io.hookstream.loadtest.ColdFigures;
import io.hookstream.loadtest.CpuFigures;
import io.hookstream.loadtest.HookInvocationFigures;
import io.hookstream.loadtest.LoadTestReport;
import io.hookstream.loadtest.PassFigures;
import io.hookstream.loadtest.Percentiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON summary of a load test, as an ordered map (hookstream's figures at the top level). */
public final class ReportJson {

    private ReportJson() {}

    public static Map<String, Object> of(LoadTestReport report) {
        PassFigures f = report.hookstream();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tool", "hookstream loadtest");
        out.put("startedAt", report.startedAt());
        out.put("hooks", f.hooks());
        out.put("runs", f.runs());
        out.put("hooksPerRun", report.settings().hooksPerRun());
        out.put("throughputPerSec", f.throughputPerSec());
        out.put(
                "baselineThroughputPerSec",
                report.baseline() == null ? null : report.baseline().throughputPerSec());
        out.put("ratioToBaseline", report.ratioToBaseline());
        Map<String, Object> ratios = new LinkedHashMap<>();
        report.baselines().forEach(b -> ratios.put(b.relays() == null ? b.kind() : b.relays(), report.ratioTo(b)));
        out.put("ratios", ratios);
        out.put("cpuMsPerHook", f.cpuMsPerHook());
        out.put("cpu", cpu(f.cpu()));
        out.put("offeredHooksPerSec", f.offeredHooksPerSec());
        out.put("durationSec", f.durationSec());
        out.put("latencyMs", percentiles(f.latency()));
        out.put("overheadMs", percentiles(f.overhead()));
        out.put("actionMs", percentiles(f.action()));
        out.put("runLatencyMs", percentiles(f.runLatency()));
        out.put("stagesMs", stages(f.stages()));
        out.put("cold", cold(f.cold()));
        out.put("results", f.results());
        out.put("lost", f.lost());
        out.put("undispatched", f.undispatched());
        out.put("lostExamples", f.lostExamples());
        out.put("duplicated", f.duplicated());
        out.put("duplicateResultRecords", f.duplicateResultRecords());
        out.put("failed", f.failed());
        out.put("failures", f.failures());
        out.put("runsLost", f.runsLost());
        out.put("runsDuplicated", f.runsDuplicated());
        out.put("runOutcomes", f.runOutcomes());
        out.put("firstProblem", f.firstProblem());
        out.put("hookEventsSeen", f.hookEventsSeen());
        out.put("hookEventsDuplicated", f.hookEventsDuplicated());
        out.put("actionInvocations", report.actionInvocations());
        HookInvocationFigures byHook = report.invocationsByHook();
        out.put("actionsStartedTwice", byHook == null ? null : byHook.startedTwice());
        out.put("actionsOverlapping", byHook == null ? null : byHook.overlapping());
        out.put(
                "actionsByHook",
                byHook == null ? Map.of("unavailable", report.invocationsByHookUnavailable()) : byHook(byHook));
        out.put("sendErrors", f.sendErrors());
        out.put("timedOut", f.timedOut());
        out.put("heapMaxMiB", report.heapMaxMiB());
        out.put("workers", report.workerFacts());
        out.put("chaosKills", report.chaos() == null ? null : report.chaos().kills());
        out.put("chaos", report.chaos() == null ? null : chaos(report.chaos()));
        out.put("recordBytes", report.recordBytes());
        out.put(
                "baseline",
                report.baselines().isEmpty()
                        ? null
                        : baseline(report, report.baselines().get(0)));
        out.put(
                "baselines",
                report.baselines().stream().map(b -> baseline(report, b)).toList());
        out.put("settings", report.settings().describe());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("toolHeapMaxMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.put("machine", machine);
        return out;
    }

    private static Map<String, Object> baseline(LoadTestReport report, LoadTestReport.Baseline baseline) {
        PassFigures b = baseline.figures();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", baseline.kind());
        out.put("relays", baseline.relays());
        out.put("hooks", b.hooks());
        out.put("throughputPerSec", b.throughputPerSec());
        out.put("ratio", report.ratioTo(baseline));
        out.put("cpuMsPerHook", b.cpuMsPerHook());
        out.put("cpu", cpu(b.cpu()));
        out.put("durationSec", b.durationSec());
        out.put("latencyMs", percentiles(b.latency()));
        out.put("stagesMs", stages(b.stages()));
        out.put("lost", b.lost());
        out.put("duplicated", b.duplicated());
        out.put("failed", b.failed());
        out.put(
                "concurrency",
                "process".equals(baseline.kind()) ? report.settings().effectiveBaselineConcurrency() : null);
        return out;
    }

    /** The CPU of a pass's processes, each with its split; thread groups from the busiest down. */
    static Map<String, Object> cpu(CpuFigures cpu) {
        if (cpu == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSec", cpu.windowSec());
        out.put("hooks", cpu.hooks());
        out.put("cpuMs", cpu.cpuMs());
        out.put("msPerHook", cpu.msPerHook());
        out.put("complete", cpu.complete());
        out.put(
                "processes",
                cpu.processes().stream()
                        .map(p -> {
                            Map<String, Object> process = new LinkedHashMap<>();
                            process.put("name", p.name());
                            process.put("role", p.role());
                            process.put("pid", p.pid());
                            process.put("cpuMs", p.cpuMs());
                            process.put("msPerHook", p.msPerHook());
                            process.put("childrenCpuMs", p.childrenCpuMs());
                            process.put("exited", p.exited());
                            Map<String, Object> groups = new LinkedHashMap<>();
                            p.threadGroupsMs().entrySet().stream()
                                    .sorted(Map.Entry.<String, Double>comparingByValue()
                                            .reversed())
                                    .forEach(e -> {
                                        Map<String, Object> group = new LinkedHashMap<>();
                                        group.put("cpuMs", e.getValue());
                                        group.put(
                                                "msPerHook",
                                                cpu.hooks() <= 0
                                                        ? 0.0
                                                        : Math.round(e.getValue() / cpu.hooks() * 1000) / 1000.0);
                                        groups.put(e.getKey(), group);
                                    });
                            process.put("threadGroups", groups);
                            return process;
                        })
                        .toList());
        return out;
    }

    private static Map<String, Object> cold(ColdFigures cold) {
        if (cold == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSec", cold.windowSec());
        out.put("firstWindowLatencyMs", percentiles(cold.first()));
        out.put("restLatencyMs", percentiles(cold.rest()));
        return out;
    }

    private static Map<String, Object> byHook(HookInvocationFigures f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hooksInvoked", f.hooksInvoked());
        out.put("startedTwice", f.startedTwice());
        out.put("overlapping", f.overlapping());
        out.put("extraInvocations", f.extraInvocations());
        out.put("stillRunning", f.stillRunning());
        out.put("unidentified", f.unidentified());
        out.put("overlappingExamples", f.overlappingExamples());
        return out;
    }

    private static Map<String, Object> chaos(ChaosFigures c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", c.events());
        out.put("kills", c.kills());
        out.put("added", c.added());
        out.put("removed", c.removed());
        out.put("rolled", c.rolled());
        out.put("rollsNotReady", c.rollsNotReady());
        out.put("fewestWorkers", c.fewestWorkers());
        out.put("mostWorkers", c.mostWorkers());
        out.put("readySec", seconds(c.readySeconds()));
        out.put("sigtermToExitSec", seconds(c.exitSeconds()));
        out.put("forcedAfterSigterm", c.forcedAfterSigterm());
        out.put("stillDraining", c.stillDraining());
        return out;
    }

    /** Count, median and max of a few durations in seconds. */
    static Map<String, Object> seconds(List<Double> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Double> sorted = values.stream().sorted().toList();
        out.put("count", sorted.size());
        out.put("p50", sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2));
        out.put("max", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        return out;
    }

    static Map<String, Object> stages(PassFigures.Stages stages) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("toDispatch", percentiles(stages.toDispatch()));
        out.put("inWorker", percentiles(stages.inWorker()));
        out.put("toTool", percentiles(stages.toTool()));
        return out;
    }

    static Map<String, Object> percentiles(Percentiles p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("p50", p.p50());
        out.put("p90", p.p90());
        out.put("p99", p.p99());
        out.put("p999", p.p999());
        out.put("max", p.max());
        out.put("mean", p.mean());
        out.put("count", p.count());
        return out;
    }
}
