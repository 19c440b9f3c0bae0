package io.hookstream.dispatcher.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code GET /v1/cluster}: the consumer groups of the dispatchers and the workers, read by a {@link ClusterReader} on
 * a one-thread pool of its own. An answer is kept for {@link #CACHE}, and requests that come while one is being read
 * share it, so a console polling every few seconds costs the brokers little. A broker that does not answer is a 503
 * with the cause and what to check; failures are not kept.
 */
final class ClusterEndpoint implements AutoCloseable {

    static final Duration CACHE = Duration.ofSeconds(2);
    private static final String POOL = "hookstream-cluster";

    private final Vertx vertx;
    private final ClusterReader reader;
    private final WorkerExecutor pool;
    private Future<Map<String, Object>> latest;
    private long latestAt;

    ClusterEndpoint(Vertx vertx, ClusterReader reader) {
        this.vertx = vertx;
        this.reader = reader;
        this.pool = vertx.createSharedWorkerExecutor(POOL, 1);
    }

    /** Called on the event loop of the HTTP server: {@link #latest} is only touched there. */
    void handle(RoutingContext ctx) {
        long now = System.nanoTime();
        if (latest == null || latest.failed() || latest.succeeded() && now - latestAt > CACHE.toNanos()) {
            latest = read();
            latestAt = now;
        }
        latest.onSuccess(answer -> HttpApi.json(ctx, 200, answer)).onFailure(e -> {
            ctx.response().putHeader("Retry-After", "5");
            HttpApi.error(ctx, 503, e.getMessage());
        });
    }

    private Future<Map<String, Object>> read() {
        Promise<Map<String, Object>> answer = Promise.promise();
        long grace = reader.timeout().toMillis() + 2_000;
        long timer = vertx.setTimer(grace, t -> answer.tryFail(unavailable("no answer within " + grace / 1000 + " s")));
        pool.<Map<String, Object>>executeBlocking(reader::read, false).onComplete(read -> {
            vertx.cancelTimer(timer);
            if (read.succeeded()) {
                answer.tryComplete(read.result());
            } else {
                Throwable cause = read.cause() instanceof ExecutionException e && e.getCause() != null
                        ? e.getCause()
                        : read.cause();
                answer.tryFail(unavailable(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            }
        });
        return answer.future();
    }

    private static IllegalStateException unavailable(String cause) {
        return new IllegalStateException("the consumer groups could not be described (" + cause + "); check that the"
                + " Kafka brokers are reachable from the dispatcher and that its principal may Describe the"
                + " dispatcher and worker groups and the topics they read (docs/kafka-acls.md), then retry");
    }

    @Override
    public void close() {
        pool.close();
        reader.close();
    }
}
