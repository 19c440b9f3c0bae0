package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;

/**
 * {@code action.tcpSocket}: succeeds when a connection to host:port opens; the connection is closed at once. With a
 * {@link NetworkPolicy} the host is resolved and checked first and the connection goes to the checked address.
 */
public final class TcpStep implements Step {

    private final Vertx vertx;
    private final NetClient client;
    private final Endpoint endpoint;
    private final NetworkPolicy policy;

    /** Without network checks (Pod executor). */
    public TcpStep(Vertx vertx, NetClient client, Endpoint endpoint) {
        this(vertx, client, endpoint, null);
    }

    public TcpStep(Vertx vertx, NetClient client, Endpoint endpoint, NetworkPolicy policy) {
        this.vertx = vertx;
        this.client = client;
        this.endpoint = endpoint;
        this.policy = policy;
    }

    @Override
    public String kind() {
        return "tcpSocket";
    }

    @Override
    public Future<StepOutcome> run(Deadline deadline, AbortSignal abort) {
        if (policy == null) {
            return connect(deadline, null, abort);
        }
        return policy.check("action.tcpSocket", endpoint.host()).compose(decision -> {
            if (abort.aborted()) {
                return Future.succeededFuture(
                        StepOutcome.aborted(abort, "action.tcpSocket was stopped before it" + " connected"));
            }
            if (decision.refusal() != null) {
                return Future.succeededFuture(StepOutcome.failed(Reasons.TARGET_NOT_ALLOWED, decision.refusal()));
            }
            if (decision.lookupError() != null) {
                return Future.succeededFuture(StepOutcome.failed(Reasons.TCP_CONNECT_FAILED, decision.lookupError()));
            }
            return connect(deadline, decision.address(), abort);
        });
    }

    /** A connection that opens after the timeout or an abort is closed at once, nothing sent. */
    private Future<StepOutcome> connect(Deadline deadline, InetAddress address, AbortSignal abort) {
        Context context = vertx.getOrCreateContext();
        Promise<StepOutcome> outcome = Promise.promise();
        long remaining = Math.max(1, deadline.remainingMillis());
        long timer = vertx.setTimer(
                remaining,
                id -> outcome.tryComplete(StepOutcome.timedOut("action.tcpSocket: could not connect to "
                        + endpoint.hostPort() + " within the " + deadline.describe() + " timeout")));
        abort.onAbort(() -> context.runOnContext(ignored -> {
            if (outcome.tryComplete(StepOutcome.aborted(
                    abort,
                    "action.tcpSocket was stopped while connecting to " + endpoint.hostPort()
                            + " (a connection that opens later is closed at once)"))) {
                vertx.cancelTimer(timer);
            }
        }));
        ConnectOptions options = new ConnectOptions()
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setTimeout((int) Math.min(Integer.MAX_VALUE, remaining + 1_000));
        if (address != null) {
            options.setRemoteAddress(SocketAddress.inetSocketAddress(endpoint.port(), address.getHostAddress()));
        }
        client.connect(options).onComplete(connected -> {
            vertx.cancelTimer(timer);
            if (connected.succeeded()) {
                connected.result().close();
                outcome.tryComplete(StepOutcome.success());
            } else {
                String message = connected.cause().getMessage();
                outcome.tryComplete(StepOutcome.failed(
                        Reasons.TCP_CONNECT_FAILED,
                        "action.tcpSocket: cannot connect"
                                + " to " + endpoint.hostPort() + ": "
                                + (message == null
                                        ? connected.cause().getClass().getSimpleName()
                                        : message)));
            }
        });
        return outcome.future();
    }
}
