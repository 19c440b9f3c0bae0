package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.Reasons;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;

/** {@code action.tcpSocket}: succeeds when a connection to host:port opens; the connection is closed at once. */
public final class TcpStep implements Step {

    private final Vertx vertx;
    private final NetClient client;
    private final Endpoint endpoint;

    public TcpStep(Vertx vertx, NetClient client, Endpoint endpoint) {
        this.vertx = vertx;
        this.client = client;
        this.endpoint = endpoint;
    }

    @Override
    public String kind() {
        return "tcpSocket";
    }

    @Override
    public Future<StepOutcome> run(Deadline deadline) {
        Promise<StepOutcome> outcome = Promise.promise();
        long remaining = Math.max(1, deadline.remainingMillis());
        long timer = vertx.setTimer(remaining, id -> outcome.tryComplete(StepOutcome.timedOut(
                "action.tcpSocket: could not connect to " + endpoint.hostPort() + " within the "
                        + deadline.describe() + " timeout")));
        ConnectOptions options = new ConnectOptions()
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setTimeout((int) Math.min(Integer.MAX_VALUE, remaining + 1_000));
        client.connect(options).onComplete(connected -> {
            vertx.cancelTimer(timer);
            if (connected.succeeded()) {
                connected.result().close();
                outcome.tryComplete(StepOutcome.success());
            } else {
                String message = connected.cause().getMessage();
                outcome.tryComplete(StepOutcome.failed(Reasons.TCP_CONNECT_FAILED, "action.tcpSocket: cannot connect"
                        + " to " + endpoint.hostPort() + ": "
                        + (message == null ? connected.cause().getClass().getSimpleName() : message)));
            }
        });
        return outcome.future();
    }
}
