package io.hookstream.cli.internal;

import io.hookstream.cli.Output;
import io.hookstream.cli.OutputFormat;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.TargetResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a found run: as JSON/YAML one object {@code {"runId", "outcome", "results", "malformed"}}; as a table a
 * summary, one line per hook, then each hook's targets with their stdout/stderr tails.
 */
public final class RunDetails {

    private static final List<String> HOOKS_HEADER =
            List.of("INDEX", "HOOK", "STATUS", "REASON", "ATTEMPTS", "DURATION", "TEMPLATE");

    private RunDetails() {}

    public static void print(RunLookup.Found found, OutputFormat format, PrintWriter out) {
        Output output = new Output(format, out);
        if (output.format() != OutputFormat.table) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("runId", found.runId());
            view.put("outcome", found.outcome());
            view.put("results", found.results());
            if (!found.malformed().isEmpty()) {
                view.put(
                        "malformed",
                        found.malformed().stream().map(ResultEntry::json).toList());
            }
            output.object(view, List.of(), List.of());
            return;
        }
        summary(found, out);
        out.println();
        output.table(HOOKS_HEADER, hookRows(found));
        for (HookResult result : found.results()) {
            tails(result, out);
        }
        for (ResultEntry entry : found.malformed()) {
            out.println();
            out.println("unreadable record " + entry.topic() + "-" + entry.partition() + "@" + entry.offset() + ": "
                    + entry.error());
        }
        out.flush();
    }

    private static void summary(RunLookup.Found found, PrintWriter out) {
        RunOutcome outcome = found.outcome();
        line(out, "RUN", found.runId());
        if (outcome == null) {
            line(out, "STATUS", "Running (no outcome on the runs topic yet; the results so far follow)");
            return;
        }
        line(out, "PHASE", String.valueOf(outcome.phase()));
        String status = outcome.status().name();
        if (outcome.reason() != null && outcome.reason().equals(status) && outcome.message() != null) {
            // "Cancelled (cancelled by ops: ...)", not "Cancelled (Cancelled: cancelled by ops: ...)"
            status += " (" + outcome.message() + ")";
        } else if (outcome.reason() != null) {
            status += " (" + outcome.reason() + (outcome.message() == null ? "" : ": " + outcome.message()) + ")";
        }
        line(out, "STATUS", status);
        if (outcome.cancellation() != null) {
            line(
                    out,
                    "CANCEL",
                    outcome.cancellation().describe() + " at "
                            + Durations.time(outcome.cancellation().requestedAt()));
        }
        if (outcome.session() != null) {
            ObjectReference invoker = outcome.session().invoker();
            line(
                    out,
                    "SESSION",
                    outcome.session().namespace() + "/" + outcome.session().name()
                            + (invoker == null ? "" : " (" + invoker.kind() + "/" + invoker.name() + ")"));
        }
        line(out, "ACCEPTED", Durations.time(outcome.acceptedAt()));
        line(
                out,
                "FINISHED",
                Durations.time(outcome.finishedAt()) + " (" + Durations.human(outcome.durationMs()) + ")");
        if (outcome.problems() != null) {
            for (Problem problem : outcome.problems()) {
                line(out, "PROBLEM", (problem.reason() == null ? "" : problem.reason() + " ") + problem);
            }
        }
    }

    private static List<List<String>> hookRows(RunLookup.Found found) {
        List<List<String>> rows = new ArrayList<>();
        if (found.outcome() != null && !found.outcome().hooks().isEmpty()) {
            for (HookOutcome hook : found.outcome().hooks()) {
                rows.add(List.of(
                        String.valueOf(hook.index()),
                        String.valueOf(hook.name()),
                        String.valueOf(hook.status()),
                        orDash(hook.reason()),
                        hook.attempts() == null ? "-" : hook.attempts().toString(),
                        Durations.human(hook.durationMs()),
                        hook.template() == null
                                ? "-"
                                : hook.template().namespace() + "/"
                                        + hook.template().name()));
            }
            return rows;
        }
        for (HookResult result : found.results()) {
            rows.add(List.of(
                    String.valueOf(result.hookIndex()),
                    ResultEntry.name(result),
                    result.status().name(),
                    orDash(result.reason()),
                    String.valueOf(result.attempts()),
                    Durations.human(result.durationMs()),
                    result.template() == null
                            ? "-"
                            : result.template().namespace() + "/"
                                    + result.template().name()));
        }
        return rows;
    }

    private static void tails(HookResult result, PrintWriter out) {
        out.println();
        boolean reason = result.reason() != null
                && !result.reason().equals(result.status().name());
        out.println("hook " + ResultEntry.name(result) + ": " + result.status()
                + (reason ? " (" + result.reason() + ")" : "")
                + (result.message() == null ? "" : " " + result.message()));
        for (TargetResult target : result.targets()) {
            StringBuilder head = new StringBuilder("  target ").append(target.name() == null ? "-" : target.name());
            if (target.exitCode() != null) {
                head.append(" exit=").append(target.exitCode());
            }
            if (target.httpStatus() != null) {
                head.append(" http=").append(target.httpStatus());
            }
            if (target.error() != null) {
                head.append(" error: ").append(target.error());
            }
            out.println(head);
            block(out, "stdout", target.stdout());
            block(out, "stderr", target.stderr());
        }
    }

    private static void block(PrintWriter out, String name, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        out.println("    " + name + " (tail):");
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.println("      " + line);
            }
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-9s %s%n", label, value);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
