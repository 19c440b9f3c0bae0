package io.hookstream.worker.executor;

import io.vertx.core.Future;

/**
 * Runs one attempt of a rendered hook for one executor type (Operator, Pod, Function). Implementations
 * enforce {@link Execution#timeout()} themselves, never block the calling event loop, and complete the future
 * with an {@link AttemptResult} for every expected outcome (a failing command is a value, not an error); a
 * failed future means a bug or an unexpected fault, which the {@link HookRunner} reports as WorkerError.
 */
public interface ActionExecutor {

    Future<AttemptResult> attempt(Execution execution);

    /** Releases what the executor holds (pools, clients). The default holds nothing. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
