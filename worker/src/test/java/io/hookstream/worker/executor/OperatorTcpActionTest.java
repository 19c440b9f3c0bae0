package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.Executions.tcp;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperatorTcpActionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.operator(Map.of());

    @Test
    void openPortSucceedsAndTheConnectionIsClosed() {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        NetServer server = await(FIXTURE.vertx()
                .createNetServer()
                .connectHandler(socket -> {
                    opened.incrementAndGet();
                    socket.closeHandler(ignored -> closed.incrementAndGet());
                })
                .listen(0, "127.0.0.1"));
        try {
            ExecutionReport report = await(FIXTURE.run(operator(tcp(server.actualPort()), TIMEOUT)));

            assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
            assertThat(report.targets()).singleElement().satisfies(target -> {
                assertThat(target.error()).isNull();
                assertThat(target.httpStatus()).isNull();
            });
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(opened).hasValue(1);
                assertThat(closed).hasValue(1);
            });
        } finally {
            await(server.close());
        }
    }

    @Test
    void refusedConnectionFailsWithTcpConnectFailed() {
        int closedPort = OperatorHttpActionTest.closedPort();

        ExecutionReport report = await(FIXTURE.run(operator(tcp(closedPort), TIMEOUT)));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.TCP_CONNECT_FAILED);
        assertThat(report.message()).contains("127.0.0.1:" + closedPort);
        assertThat(report.targets().get(0).error()).isEqualTo(report.message());
    }

    @Test
    void namedPortIsInvalidForTheOperatorExecutor() {
        ExecutionReport report = await(FIXTURE.run(operator(
                new HookAction(null, null, null, new TcpSocketAction(IntOrString.parse("postgres"), null), null),
                TIMEOUT)));

        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("action.tcpSocket.port", "named port postgres");
    }
}
