package io.hookstream.cli.internal;

import io.hookstream.cli.Output;
import io.hookstream.cli.OutputFormat;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code hookstream run} (and {@code runs cancel --wait}) prints. Table: the run id, a line per hook as it
 * finishes, then the outcome as a table (hook, status, reason, duration) and a summary line (a Cancelled run's
 * says who cancelled it and why). JSON/YAML: stdout carries only records (the outcome, or
 * {@code {runId, status: Submitted}} without {@code --wait}); hook lines go to stderr.
 */
public final class RunReport {

    private final Output output;
    private final PrintWriter out;
    private final PrintWriter err;

    public RunReport(OutputFormat format, PrintWriter out, PrintWriter err) {
        this.output = new Output(format, out);
        this.out = out;
        this.err = err;
    }

    public void submitted(String runId, boolean waiting) {
        if (output.format() == OutputFormat.table) {
            out.println(runId);
            out.flush();
        } else if (!waiting) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("runId", runId);
            record.put("status", "Submitted");
            output.object(record, List.of(), List.of());
        }
    }

    public void hook(HookLine hook) {
        StringBuilder line =
                new StringBuilder("hook ").append(hook.name()).append(": ").append(hook.status());
        if (hook.reason() != null && !hook.reason().equals(String.valueOf(hook.status()))) {
            line.append(" (").append(hook.reason()).append(')');
        }
        if (hook.durationMs() != null && hook.durationMs() > 0) {
            line.append(" in ").append(duration(hook.durationMs()));
        }
        boolean explained =
                hook.status() != null && (hook.status().isFailure() || hook.status() == HookStatus.Cancelled);
        if (explained && hook.message() != null) {
            line.append(": ").append(firstLine(hook.message()));
        }
        PrintWriter to = output.format() == OutputFormat.table ? out : err;
        to.println(line);
        to.flush();
    }

    public void outcome(RunOutcome outcome) {
        if (output.format() != OutputFormat.table) {
            output.object(outcome, List.of(), List.of());
            return;
        }
        if (!outcome.hooks().isEmpty()) {
            out.println();
            List<List<String>> rows = new ArrayList<>();
            for (HookOutcome hook : outcome.hooks()) {
                rows.add(List.of(
                        hook.name() == null ? "-" : hook.name(),
                        String.valueOf(hook.status()),
                        hook.reason() == null ? "-" : hook.reason(),
                        hook.durationMs() == null ? "-" : duration(hook.durationMs())));
            }
            output.table(List.of("HOOK", "STATUS", "REASON", "DURATION"), rows);
        }
        StringBuilder summary =
                new StringBuilder("run ").append(outcome.runId()).append(' ').append(outcome.status());
        // a Cancelled run's reason is Cancelled: "run X Cancelled: cancelled by ops: ...", not "Cancelled: Cancelled"
        boolean reasonIsStatus = String.valueOf(outcome.status()).equals(outcome.reason());
        if (outcome.reason() != null && !reasonIsStatus) {
            summary.append(": ").append(outcome.reason());
        }
        boolean problems = outcome.problems() != null && !outcome.problems().isEmpty();
        if (outcome.message() != null && !problems) {
            summary.append(reasonIsStatus ? ": " : " - ").append(firstLine(outcome.message()));
        }
        if (outcome.durationMs() != null && !outcome.hooks().isEmpty()) {
            summary.append(" (").append(duration(outcome.durationMs())).append(')');
        }
        out.println(summary);
        if (problems) {
            for (Problem problem : outcome.problems()) {
                out.println("  " + (problem.field() == null ? "" : problem.field() + ": ") + problem.message()
                        + (problem.reason() == null ? "" : " [" + problem.reason() + "]"));
            }
        }
        out.flush();
    }

    /** {@code 850ms}, {@code 1.2s}, {@code 2m3s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        Duration d = Duration.ofMillis(millis);
        return (d.toHours() > 0 ? d.toHours() + "h" : "") + d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
