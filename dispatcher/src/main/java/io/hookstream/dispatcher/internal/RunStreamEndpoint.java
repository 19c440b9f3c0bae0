package io.hookstream.dispatcher.internal;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /v1/runs} with {@code Accept: text/event-stream} (or {@code ?watch=true}): the run list's committed
 * changes as Server-Sent Events, filtered like the list. Each client is a {@link StreamClient}; at most {@link
 * #MAX_STREAMS} are open per instance, the next ones get 503.
 */
final class RunStreamEndpoint {

    static final int MAX_STREAMS = 200;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long a browser waits before reconnecting a dropped stream. */
    static final Duration RETRY = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final RunStream stream;
    private final IndexGate gate;
    private final Duration heartbeat;

    RunStreamEndpoint(Vertx vertx, RunStream stream, IndexGate gate) {
        this(vertx, stream, gate, HEARTBEAT);
    }

    /** @param heartbeat how often an idle stream gets a comment line and checks its token */
    RunStreamEndpoint(Vertx vertx, RunStream stream, IndexGate gate, Duration heartbeat) {
        this.heartbeat = heartbeat;
        this.vertx = vertx;
        this.stream = stream;
        this.gate = gate;
    }

    /** True when the request asks for the stream rather than a page. */
    static boolean wanted(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return (accept != null && accept.contains("text/event-stream"))
                || "true".equalsIgnoreCase(ctx.request().getParam("watch"));
    }

    void handle(RoutingContext ctx) {
        RunIndex.Filter filter;
        try {
            filter = RunListEndpoint.filter(ctx);
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx, 400, e.getMessage());
            return;
        }
        if (ctx.request().getParam("after") != null || ctx.request().getParam("limit") != null) {
            HttpApi.error(
                    ctx,
                    400,
                    "after, limit: a stream has no pages; list the runs with GET /v1/runs, then follow their"
                            + " changes");
            return;
        }
        if (stream.streams() >= MAX_STREAMS) {
            ctx.response().putHeader("Retry-After", "10");
            HttpApi.error(
                    ctx,
                    503,
                    MAX_STREAMS + " run streams are open on this dispatcher instance already; close one, or use"
                            + " another instance");
            return;
        }
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        gate.open(ctx).onSuccess(open -> {
            if (ctx.response().closed()) {
                return;
            }
            long resume = stream.resume(lastEventId);
            ctx.response()
                    .setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .putHeader("X-Accel-Buffering", "no");
            new StreamClient(vertx, ctx, stream, filter, heartbeat)
                    .begin(resume, lastEventId != null && resume < 0, RETRY);
        });
    }
}
