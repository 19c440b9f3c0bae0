package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunStatus;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * {@code GET /v1/runs}: the runs committed to the state topic, newest first, filtered and paged, from the
 * {@link RunIndex} (the same answer on every dispatcher instance). The scan runs on a small pool of its own, not on
 * the event loop.
 */
final class RunListEndpoint implements AutoCloseable {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final String POOL = "hookstream-run-list";

    private final RunIndex index;
    private final IndexGate gate;
    private final WorkerExecutor pool;

    RunListEndpoint(Vertx vertx, RunIndex index, IndexGate gate) {
        this.index = index;
        this.gate = gate;
        this.pool = vertx.createSharedWorkerExecutor(POOL, 2);
    }

    void handle(RoutingContext ctx) {
        RunIndex.Filter filter;
        int limit;
        String after = blankToNull(ctx.request().getParam("after"));
        try {
            filter = filter(ctx);
            limit = ApiParams.limit(ctx.request().getParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
            if (after != null) {
                RunIndex.Cursor.decode(after);
            }
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx, 400, e.getMessage());
            return;
        }
        gate.open(ctx).onSuccess(open -> answer(ctx, filter, after, limit));
    }

    private void answer(RoutingContext ctx, RunIndex.Filter filter, String after, int limit) {
        pool.executeBlocking(() -> index.list(filter, after, limit), false).onComplete(result -> {
            if (result.succeeded()) {
                HttpApi.json(ctx, 200, result.result());
            } else {
                HttpApi.error(ctx, 500, "the run list failed: " + result.cause());
            }
        });
    }

    /** The list's filter from the request's parameters; the same for a list and a stream of changes. */
    static RunIndex.Filter filter(RoutingContext ctx) {
        return new RunIndex.Filter(
                status(ctx.request().getParam("status")),
                phase(ctx.request().getParam("phase")),
                blankToNull(ctx.request().getParam("namespace")),
                blankToNull(ctx.request().getParam("invoker")),
                blankToNull(ctx.request().getParam("runId")));
    }

    private static RunStatus status(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "status: '" + value + "' is not a run status; use one of " + Arrays.toString(RunStatus.values()));
        }
    }

    private static String phase(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Phase.fromWireName(value).wireName();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "phase: '" + value + "' is not a phase; use one of " + Phase.wireNames());
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void close() {
        pool.close();
    }
}
