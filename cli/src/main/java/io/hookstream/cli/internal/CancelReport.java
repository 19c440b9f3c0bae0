package io.hookstream.cli.internal;

import io.hookstream.cli.Output;
import io.hookstream.cli.OutputFormat;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code hookstream runs cancel} prints. Table: one line saying what the cancel did; with {@code --wait} then
 * each hook as it finishes and the outcome as {@code run --wait} shows it, and, when the run ended otherwise than
 * Cancelled, that nothing was cancelled. JSON/YAML: one record {@code {runId, status, cancel, message, run}} (the
 * shape of the dispatcher's answer to {@code POST /v1/runs/{id}/cancel}; {@code run} is the final outcome after a
 * wait); hook lines and hints go to stderr.
 */
public final class CancelReport {

    private final Output output;
    private final PrintWriter out;
    private final PrintWriter err;
    private final RunReport run;

    public CancelReport(OutputFormat format, PrintWriter out, PrintWriter err) {
        this.output = new Output(format, out);
        this.out = out;
        this.err = err;
        this.run = new RunReport(format, out, err);
    }

    /** What the cancel did. Without {@code waiting}, a hint on stderr says how to follow the run. */
    public void answer(CancelAnswer answer, boolean waiting) {
        boolean finished = answer.kind() == CancelAnswer.Kind.NotNeeded;
        if (output.format() == OutputFormat.table) {
            out.println(line(answer));
            out.flush();
        } else if (!waiting || finished) {
            output.object(record(answer, answer.run()), List.of(), List.of());
        }
        if (!waiting && !finished) {
            err.println("follow it with `hookstream runs get " + answer.runId() + "`, or wait for its end with "
                    + "`hookstream runs cancel " + answer.runId() + " --wait` (a repeated cancel is one cancel)");
            err.flush();
        }
    }

    public void hook(HookLine hook) {
        run.hook(hook);
    }

    /** The run's outcome after the wait. */
    public void outcome(CancelAnswer answer, RunOutcome outcome) {
        if (output.format() != OutputFormat.table) {
            output.object(record(answer, outcome), List.of(), List.of());
        } else {
            run.outcome(outcome);
        }
        if (outcome.status() != RunStatus.Cancelled) {
            PrintWriter to = output.format() == OutputFormat.table ? out : err;
            to.println("nothing was cancelled: run " + outcome.runId() + " finished " + outcome.status()
                    + " before the cancel could stop it");
            to.flush();
        }
    }

    static String line(CancelAnswer answer) {
        String runId = answer.runId();
        return switch (answer.kind()) {
            case Requested -> "cancel requested for run " + runId + running(answer.run());
            case AlreadyRequested ->
                "run " + runId + " is being cancelled already" + requested(answer.run()) + running(answer.run());
            case NotNeeded ->
                answer.run() == null
                        ? answer.message()
                        : "run " + runId + " already finished "
                                + answer.status()
                                + (answer.run().finishedAt() == null
                                        ? ""
                                        : " at " + Durations.time(answer.run().finishedAt()))
                                + ": nothing to cancel";
            case Published -> answer.message();
        };
    }

    /** {@code " (hook 'x' is running)"} when the view shows one. */
    private static String running(RunOutcome view) {
        if (view == null) {
            return "";
        }
        return view.hooks().stream()
                .filter(hook -> hook.status() == HookStatus.Running)
                .map(HookOutcome::name)
                .findFirst()
                .map(name -> " (hook '" + name + "' is running; it is stopped, the hooks after it skipped)")
                .orElse("");
    }

    private static String requested(RunOutcome view) {
        CancelRequest cancel = view == null ? null : view.cancellation();
        return cancel == null ? "" : ": " + cancel.describe() + " at " + Durations.time(cancel.requestedAt());
    }

    private static Map<String, Object> record(CancelAnswer answer, RunOutcome run) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("runId", answer.runId());
        if (run != null) {
            record.put("status", run.status());
        }
        record.put("cancel", answer.kind());
        if (answer.message() != null && run == answer.run()) {
            record.put("message", answer.message());
        }
        if (run != null) {
            record.put("run", run);
        }
        return record;
    }
}
