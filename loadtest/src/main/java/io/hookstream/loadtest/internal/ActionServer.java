package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.Action;
import io.hookstream.loadtest.LoadTestException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback server the tcp and http hooks call, on a Vert.x instance of its own (one event loop): a TCP
 * listener that accepts and closes, or an HTTP server that answers 200 after the action delay (a timer, no thread
 * waits). Counts how often it was called, which shows actions that ran more than once. The http hooks post their
 * hook id, so the HTTP server also records invocations per hook ({@link HookInvocations}): each is running from the
 * arrival of its request until the answer is sent or the connection closes before that (the worker gave up or
 * died). A tcp connection carries nothing, so the tcp listener can only count.
 */
public final class ActionServer implements AutoCloseable {

    private final Vertx vertx;
    private final AtomicLong invocations = new AtomicLong();
    private final HookInvocations byHook = new HookInvocations();
    private NetServer tcp;
    private HttpServer http;

    private ActionServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts the server {@code action} calls on 127.0.0.1:{@code port} (0 picks a free port). */
    public static ActionServer start(Action action, int port, Duration delay) {
        ActionServer server = new ActionServer(Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1)));
        // its one event loop by a name of the tool's, so that CPU by thread group (and profiles) tell it from the
        // event loops of the embedded dispatcher and workers
        server.vertx.runOnContext(v -> Thread.currentThread().setName("loadtest-action-server"));
        try {
            if (action == Action.TCP) {
                server.tcp = server.vertx
                        .createNetServer()
                        .connectHandler(socket -> {
                            server.invocations.incrementAndGet();
                            socket.close();
                        })
                        .listen(port, Loopback.HOST)
                        .await(30, TimeUnit.SECONDS);
            } else if (action == Action.HTTP) {
                long delayMs = delay.toMillis();
                server.http = server.vertx
                        .createHttpServer()
                        .requestHandler(request -> {
                            server.invocations.incrementAndGet();
                            request.body().onComplete(body -> {
                                HookInvocations.Running running = server.byHook.started(
                                        body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : null);
                                if (!body.succeeded()) {
                                    running.finished();
                                    return;
                                }
                                HttpServerResponse response = request.response();
                                response.closeHandler(v -> running.finished());
                                if (delayMs <= 0) {
                                    answer(response, running);
                                } else {
                                    server.vertx.setTimer(delayMs, id -> answer(response, running));
                                }
                            });
                        })
                        .listen(port, Loopback.HOST)
                        .await(30, TimeUnit.SECONDS);
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw new LoadTestException(
                    "ActionServerFailed",
                    "cannot start the " + action + " server on " + Loopback.HOST + ":" + port + ": " + e.getMessage()
                            + "; pick another --action-port",
                    e);
        }
    }

    private static void answer(HttpServerResponse response, HookInvocations.Running running) {
        running.finished();
        if (!response.closed()) {
            response.end("ok");
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

    /** Invocations by hook id (http only; tcp connections name no hook). */
    public HookInvocations byHook() {
        return byHook;
    }

    public void resetInvocations() {
        invocations.set(0);
        byHook.clear();
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
