package io.hookstream.worker.executor.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Runs asynchronous work on a Vert.x context, so that its callbacks are serialized on that context. */
public final class Contexts {

    private Contexts() {}

    /**
     * Calls {@code body} on the caller's context when the caller is on one of {@code vertx}'s contexts, else on a
     * context of {@code vertx}. A body that throws gives a failed future.
     */
    public static <T> Future<T> onContext(Vertx vertx, Supplier<Future<T>> body) {
        Context current = Vertx.currentContext();
        if (current != null && current.owner() == vertx) {
            return guarded(body);
        }
        Promise<T> promise = Promise.promise();
        vertx.getOrCreateContext().runOnContext(ignored -> guarded(body).onComplete(promise));
        return promise.future();
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> body) {
        try {
            Future<T> future = body.get();
            return future != null ? future : Future.failedFuture(new NullPointerException("body returned no future"));
        } catch (RuntimeException | Error e) {
            return Future.failedFuture(e);
        }
    }
}
