package io.hookstream.worker.executor.internal;

import io.hookstream.worker.executor.AbortSignal;
import io.vertx.core.Future;

/** One action of a hook (exec, httpGet, httpPost or tcpSocket), ready to run within a deadline. */
public interface Step {

    /** The action's field name: exec, httpGet, httpPost or tcpSocket. */
    String kind();

    /**
     * Runs the action; completes with an outcome for every expected result, TimedOut when the deadline passes
     * first, {@link StepOutcome#aborted} when {@code abort} fires first, and fails only on an unexpected fault.
     * Completes only once the action can no longer be running here. Must be called on a Vert.x context.
     */
    Future<StepOutcome> run(Deadline deadline, AbortSignal abort);
}
