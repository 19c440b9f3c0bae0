package io.hookstream.dispatcher.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Lets a request through once the run index has caught up with the state topic. The first request starts the
 * index and waits for it (a small state topic takes well under a second); past {@link #WAIT} it is answered 503
 * with {@code Retry-After}, naming the follower's last problem.
 */
final class IndexGate {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** What the gate waits for: the run index's follower (a test gives one of its own). */
    interface Index {
        boolean caughtUp();

        /** Starts following the state topic (once; later calls do nothing). */
        void start();

        java.util.concurrent.CompletionStage<Void> whenCaughtUp();

        /** Why the follower is not reading right now, or null. */
        String problem();
    }

    private final Vertx vertx;
    private final Index follower;

    IndexGate(Vertx vertx, Index follower) {
        this.vertx = vertx;
        this.follower = follower;
    }

    /** Succeeds on the caller's context once the index has caught up; fails after answering 503. */
    Future<Void> open(RoutingContext ctx) {
        if (follower.caughtUp()) {
            return Future.succeededFuture();
        }
        follower.start();
        Context context = vertx.getOrCreateContext();
        Promise<Void> ready = Promise.promise();
        long timer = vertx.setTimer(WAIT.toMillis(), t -> ready.tryComplete());
        follower.whenCaughtUp().whenComplete((v, e) -> context.runOnContext(x -> ready.tryComplete()));
        return ready.future().compose(done -> {
            vertx.cancelTimer(timer);
            if (follower.caughtUp()) {
                return Future.succeededFuture();
            }
            String problem = follower.problem();
            ctx.response().putHeader("Retry-After", "5");
            HttpApi.error(
                    ctx,
                    503,
                    "the run list is still being read from the state topic after " + WAIT.toSeconds() + " s"
                            + (problem == null ? "" : "; last problem: " + problem)
                            + "; try again shortly (GET /v1/runs/{runId} answers already)");
            return Future.failedFuture("the run index has not caught up");
        });
    }
}
