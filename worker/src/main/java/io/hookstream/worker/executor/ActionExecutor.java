package io.hookstream.worker.executor;

import io.vertx.core.Future;

/**
 * Runs one attempt of a rendered hook for one executor type (Operator, Pod, Function). Implementations
 * enforce {@link Execution#timeout()} themselves, never block the calling event loop, and complete the future
 * with an {@link AttemptResult} for every expected outcome (a failing command is a value, not an error); a
 * failed future means a bug or an unexpected fault, which the {@link HookRunner} reports as WorkerError.
 *
 * <p>Either way the future completes only once the attempt's action can no longer be running in this process:
 * when {@code abort} fires, the executor stops the action (see {@link RunningHook#abort} for what that means per
 * action) and completes the future after that; the {@link HookRunner} then reports the hook Failed with the
 * abort's reason, whatever the result says.
 */
public interface ActionExecutor {

    Future<AttemptResult> attempt(Execution execution, AbortSignal abort);

    /** An attempt that nothing aborts. */
    default Future<AttemptResult> attempt(Execution execution) {
        return attempt(execution, new AbortSignal());
    }

    /** Releases what the executor holds (pools, clients). The default holds nothing. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
