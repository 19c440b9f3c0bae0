package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.TargetResult;
import io.hookstream.worker.executor.AbortSignal;
import io.hookstream.worker.executor.AttemptResult;
import io.vertx.core.Future;
import java.util.List;

/**
 * Runs the steps of one target in order within the attempt's deadline, stopping at the first failure (or at an
 * abort, or when the deadline has passed before a step starts), and reports the target: the exec's exit code and
 * output tails, the last HTTP status, and the error that stopped it. The Operator executor runs its one target
 * with it, the Pod executor each pod. Must be called on a Vert.x context.
 */
public final class TargetRun {

    /** How one target did: the outcome that decided it and its target entry. */
    public record Result(StepOutcome outcome, TargetResult target) {

        /** The attempt's result when this is its only target: its status, reason and message. */
        public AttemptResult alone() {
            return outcome.succeeded()
                    ? new AttemptResult(outcome.status(), null, null, List.of(target))
                    : new AttemptResult(outcome.status(), outcome.reason(), outcome.message(), List.of(target));
        }
    }

    private final String name;
    private final String where;
    private final TargetReport report = new TargetReport();

    private TargetRun(String name, String where) {
        this.name = name;
        this.where = where;
    }

    /**
     * One of several targets: the message of a step that did not start names it
     * ({@code action.exec on pod/db-0 did not start}).
     *
     * @param name the target's name, such as {@code pod/<pod name>}
     */
    public static Future<Result> run(String name, List<Step> steps, Deadline deadline, AbortSignal abort) {
        return new TargetRun(name, " on " + name).runFrom(steps, 0, deadline, abort);
    }

    /**
     * The attempt's only target: the message of a step that did not start does not name it
     * ({@code action.exec did not start}).
     */
    public static Future<Result> runOnly(String name, List<Step> steps, Deadline deadline, AbortSignal abort) {
        return new TargetRun(name, "").runFrom(steps, 0, deadline, abort);
    }

    /** A target that failed before any step ran. */
    public static Result notRun(String name, StepOutcome outcome) {
        return new TargetRun(name, "").finish(outcome);
    }

    private Future<Result> runFrom(List<Step> steps, int index, Deadline deadline, AbortSignal abort) {
        if (index == steps.size()) {
            return Future.succeededFuture(finish(StepOutcome.success()));
        }
        Step step = steps.get(index);
        if (abort.aborted()) {
            return Future.succeededFuture(
                    finish(StepOutcome.aborted(abort, "action." + step.kind() + where + " did not start")));
        }
        if (deadline.expired()) {
            return Future.succeededFuture(finish(StepOutcome.timedOut("action." + step.kind() + where
                    + " did not start: the " + deadline.describe() + " timeout had passed")));
        }
        return step.run(deadline, abort).compose(outcome -> {
            report.record(outcome);
            return outcome.succeeded()
                    ? runFrom(steps, index + 1, deadline, abort)
                    : Future.succeededFuture(finish(outcome));
        });
    }

    private Result finish(StepOutcome outcome) {
        return new Result(outcome, report.toResult(name, outcome.succeeded() ? null : outcome.message()));
    }
}
