package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestReport;
import io.hookstream.loadtest.PassFigures;
import io.hookstream.loadtest.Percentiles;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON summary of a load test, as an ordered map (hookstream's figures at the top level). */
public final class ReportJson {

    private ReportJson() {
    }

    public static Map<String, Object> of(LoadTestReport report) {
        PassFigures f = report.hookstream();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tool", "hookstream loadtest");
        out.put("startedAt", report.startedAt());
        out.put("hooks", f.hooks());
        out.put("runs", f.runs());
        out.put("hooksPerRun", report.settings().hooksPerRun());
        out.put("throughputPerSec", f.throughputPerSec());
        out.put("baselineThroughputPerSec", report.baseline() == null ? null : report.baseline().throughputPerSec());
        out.put("ratioToBaseline", report.ratioToBaseline());
        out.put("offeredHooksPerSec", f.offeredHooksPerSec());
        out.put("durationSec", f.durationSec());
        out.put("latencyMs", percentiles(f.latency()));
        out.put("overheadMs", percentiles(f.overhead()));
        out.put("actionMs", percentiles(f.action()));
        out.put("runLatencyMs", percentiles(f.runLatency()));
        out.put("stagesMs", stages(f.stages()));
        out.put("results", f.results());
        out.put("lost", f.lost());
        out.put("undispatched", f.undispatched());
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
        out.put("sendErrors", f.sendErrors());
        out.put("timedOut", f.timedOut());
        out.put("heapMaxMiB", report.heapMaxMiB());
        out.put("workers", report.workerFacts());
        out.put("chaosKills", report.chaosKills());
        out.put("recordBytes", report.recordBytes());
        out.put("baseline", report.baselines().isEmpty() ? null : baseline(report, report.baselines().get(0)));
        out.put("baselines", report.baselines().stream().map(b -> baseline(report, b)).toList());
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
        out.put("durationSec", b.durationSec());
        out.put("latencyMs", percentiles(b.latency()));
        out.put("stagesMs", stages(b.stages()));
        out.put("lost", b.lost());
        out.put("duplicated", b.duplicated());
        out.put("failed", b.failed());
        out.put("concurrency", "process".equals(baseline.kind())
                ? report.settings().effectiveBaselineConcurrency() : null);
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
