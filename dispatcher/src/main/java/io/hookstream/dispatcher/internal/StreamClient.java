package io.hookstream.dispatcher.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One open run stream: writes the {@link RunStream}'s events after its position that its filter concerns, on its
 * connection's context. It never queues: while the connection's write queue is full it writes nothing and keeps
 * its position; once drained it goes on from there, or, when the events it missed have left the ring, sends
 * {@code reset} (reload the list) and goes on from the newest.
 *
 * <p>Events: {@code hello} first (its id is where the stream starts), {@code run} (a run's summary, new or
 * changed), {@code removed} ({@code {"runId"}}), {@code reset}; a comment line every heartbeat keeps proxies from
 * closing an idle stream. At each heartbeat the stream also checks that its token is still accepted, and ends when
 * it was revoked.
 */
final class StreamClient {

    /** Events written per turn on the event loop before yielding it. */
    private static final int BATCH = 256;

    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final RunStream stream;
    private final RunIndex.Filter filter;
    private final Duration heartbeat;
    private final BooleanSupplier stillAccepted;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable wake = this::wake;
    private long position;
    private long timer = -1;
    private boolean closed;

    StreamClient(Vertx vertx, RoutingContext ctx, RunStream stream, RunIndex.Filter filter, Duration heartbeat) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.response = ctx.response();
        this.connection = ctx.request().connection();
        this.stream = stream;
        this.filter = filter;
        this.heartbeat = heartbeat;
        this.stillAccepted = ApiGuard.stillAccepted(ctx);
    }

    /**
     * @param resume   the number of the last event the client saw, or -1
     * @param mustReset true when the client gave a Last-Event-ID this instance cannot go on from
     */
    void begin(long resume, boolean mustReset, Duration retry) {
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
        response.drainHandler(v -> flush());
        if (connection != null) {
            // the server is shutting down: end the stream now rather than at the end of its grace period
            connection.shutdownHandler(v -> end());
        }
        StringBuilder out =
                new StringBuilder("retry: ").append(retry.toMillis()).append("\n\n");
        if (resume >= 0) {
            position = resume;
        } else {
            position = stream.position();
            event(out, mustReset ? "reset" : "hello", position, "{}");
        }
        response.write(out.toString());
        stream.listen(wake);
        timer = vertx.setPeriodic(heartbeat.toMillis(), t -> {
            if (!stillAccepted.getAsBoolean()) {
                end(); // its token was revoked: the client's reconnect gets 401
            } else if (!closed && !response.writeQueueFull()) {
                response.write(": keep-alive\n\n");
            }
        });
        flush();
    }

    /** From any thread: a turn on the connection's context soon, once however often it is woken meanwhile. */
    private void wake() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                scheduled.set(false);
                flush();
            });
        }
    }

    private void flush() {
        if (closed || response.writeQueueFull()) {
            return; // the drain handler comes back
        }
        List<RunStream.Event> events = stream.after(position, BATCH);
        if (events == null) {
            position = stream.position();
            response.write(event(new StringBuilder(), "reset", position, "{}").toString());
            return;
        }
        StringBuilder out = new StringBuilder();
        for (RunStream.Event event : events) {
            position = event.seq();
            if (event.change().concerns(filter)) {
                event(out, event.change().current() == null ? "removed" : "run", event.seq(), event.data());
            }
            if (out.length() > 32 * 1024) {
                break;
            }
        }
        if (!out.isEmpty()) {
            response.write(out.toString());
        }
        if (position < stream.position()) {
            wake(); // more to write: on a later turn, so the event loop serves others meanwhile
        }
    }

    private StringBuilder event(StringBuilder out, String type, long seq, String data) {
        return out.append("id: ")
                .append(stream.id(seq))
                .append("\nevent: ")
                .append(type)
                .append("\ndata: ")
                .append(data)
                .append("\n\n");
    }

    private void end() {
        if (!closed) {
            close();
            response.end();
        }
    }

    private void close() {
        closed = true;
        stream.unlisten(wake);
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
