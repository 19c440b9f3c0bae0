package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.Action;
import io.hookstream.loadtest.LoadTestException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback server the tcp and http hooks call, on a Vert.x instance of its own (one event loop): a TCP
 * listener that accepts and closes, or an HTTP server that answers 200 after the action delay (a timer, no thread
 * waits). Counts how often it was called, which shows actions that ran more than once.
 */
public final class ActionServer implements AutoCloseable {

    private final Vertx vertx;
    private final AtomicLong invocations = new AtomicLong();
    private NetServer tcp;
    private HttpServer http;

    private ActionServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts the server {@code action} calls on 127.0.0.1:{@code port} (0 picks a free port). */
    public static ActionServer start(Action action, int port, Duration delay) {
        ActionServer server = new ActionServer(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1)));
        try {
            if (action == Action.TCP) {
                server.tcp = server.vertx.createNetServer().connectHandler(socket -> {
                    server.invocations.incrementAndGet();
                    socket.close();
                }).listen(port, Loopback.HOST).await(30, TimeUnit.SECONDS);
            } else if (action == Action.HTTP) {
                long delayMs = delay.toMillis();
                server.http = server.vertx.createHttpServer().requestHandler(request -> {
                    server.invocations.incrementAndGet();
                    if (delayMs <= 0) {
                        request.response().end("ok");
                    } else {
                        server.vertx.setTimer(delayMs, id -> request.response().end("ok"));
                    }
                }).listen(port, Loopback.HOST).await(30, TimeUnit.SECONDS);
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw new LoadTestException("ActionServerFailed", "cannot start the " + action + " server on "
                    + Loopback.HOST + ":" + port + ": " + e.getMessage() + "; pick another --action-port", e);
        }
    }

    /** The port hooks call, or 0 when the action needs no server. */
    public int port() {
        if (tcp != null) {
            return tcp.actualPort();
        }
        return http == null ? 0 : http.actualPort();
    }

    /** Connections (tcp) or requests (http) served so far. */
    public long invocations() {
        return invocations.get();
    }

    public void resetInvocations() {
        invocations.set(0);
    }

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at the end of a test; nothing left to do
        }
    }
}
