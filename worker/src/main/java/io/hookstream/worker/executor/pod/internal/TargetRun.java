package io.hookstream.worker.executor.pod.internal;

import io.hookstream.schemas.event.TargetResult;
import io.hookstream.worker.executor.AbortSignal;
import io.hookstream.worker.executor.internal.Deadline;
import io.hookstream.worker.executor.internal.Step;
import io.hookstream.worker.executor.internal.StepOutcome;
import io.hookstream.worker.executor.internal.TargetReport;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs the steps of one pod in order within the attempt's deadline, stopping at the first failure, and reports
 * the pod as one target: the exec's exit code and output tails, the last HTTP status, and the error that stopped
 * it. Must be called on a Vert.x context.
 */
public final class TargetRun {

    /** How one pod did: the outcome that decided it and its target entry. */
    public record Result(StepOutcome outcome, TargetResult target) {
    }

    private final String name;
    private final TargetReport report = new TargetReport();

    private TargetRun(String name) {
        this.name = name;
    }

    /** @param name the target's name, {@code pod/<pod name>} */
    public static Future<Result> run(String name, List<Step> steps, Deadline deadline, AbortSignal abort) {
        return new TargetRun(name).runFrom(steps, 0, deadline, abort);
    }

    /** A target that failed before any step ran. */
    public static Result notRun(String name, StepOutcome outcome) {
        return new TargetRun(name).finish(outcome);
    }

    private Future<Result> runFrom(List<Step> steps, int index, Deadline deadline, AbortSignal abort) {
        if (index == steps.size()) {
            return Future.succeededFuture(finish(StepOutcome.success()));
        }
        Step step = steps.get(index);
        if (abort.aborted()) {
            return Future.succeededFuture(finish(StepOutcome.aborted(abort, "action." + step.kind() + " on " + name
                    + " did not start")));
        }
        if (deadline.expired()) {
            return Future.succeededFuture(finish(StepOutcome.timedOut("action." + step.kind() + " on " + name
                    + " did not start: the " + deadline.describe() + " timeout had passed")));
        }
        return step.run(deadline, abort).compose(outcome -> {
            report.record(outcome);
            return outcome.succeeded() ? runFrom(steps, index + 1, deadline, abort)
                    : Future.succeededFuture(finish(outcome));
        });
    }

    private Result finish(StepOutcome outcome) {
        return new Result(outcome, report.toResult(name, outcome.succeeded() ? null : outcome.message()));
    }
}
