package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.get;
import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every action that is set runs, in the order exec, httpGet, httpPost, tcpSocket, until the first failure. */
class OperatorActionOrderTest {

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.operator(Map.of());

    private static HttpServer http;
    private static NetServer tcp;
    private static final List<String> seen = new CopyOnWriteArrayList<>();
    private static volatile Path marker;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        http = await(FIXTURE.vertx()
                .createHttpServer()
                .requestHandler(request -> {
                    // the marker exists only if exec ran before this request
                    seen.add(request.method() + " " + request.path() + " exec-done=" + Files.exists(marker));
                    if (!request.path().equals("/hang")) {
                        request.response()
                                .setStatusCode(request.path().equals("/fail") ? 503 : 200)
                                .end();
                    }
                })
                .listen(0, "127.0.0.1"));
        tcp = await(FIXTURE.vertx()
                .createNetServer()
                .connectHandler(socket -> seen.add("tcp connect"))
                .listen(0, "127.0.0.1"));
    }

    @BeforeEach
    void reset() {
        seen.clear();
        marker = temp.resolve("exec-ran");
    }

    @AfterAll
    static void stop() {
        await(http.close());
        await(tcp.close());
    }

    private HookAction all(String execScript, String getPath) {
        return new HookAction(
                new ExecAction(List.of("sh", "-c", execScript)),
                get(http.actualPort(), getPath),
                new HttpPostAction("/post", IntOrString.of(http.actualPort()), "127.0.0.1", null, null, "x", null),
                new TcpSocketAction(IntOrString.of(tcp.actualPort()), "127.0.0.1"),
                null);
    }

    private ExecutionReport run(HookAction action) {
        return await(FIXTURE.run(operator(action, Map.of("MARKER", marker.toString()), Duration.ofSeconds(10), 0)));
    }

    @Test
    void actionsRunInOrderExecHttpGetHttpPostTcpSocket() {
        ExecutionReport report = run(all("echo hi; touch \"$MARKER\"", "/get"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(seen)
                        .containsExactly("GET /get exec-done=true", "POST /post exec-done=true", "tcp connect"));
        assertThat(report.targets()).singleElement().satisfies(target -> {
            assertThat(target.exitCode()).isZero();
            assertThat(target.stdout()).isEqualTo("hi\n");
            assertThat(target.httpStatus()).isEqualTo(200);
            assertThat(target.error()).isNull();
        });
    }

    @Test
    void failingExecStopsTheRest() {
        ExecutionReport report = run(all("exit 4", "/get"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(report.targets().get(0).httpStatus()).isNull();
        assertThat(seen).isEmpty();
    }

    @Test
    void failingHttpGetStopsHttpPostAndTcpSocket() {
        ExecutionReport report = run(all("touch \"$MARKER\"", "/fail"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.HTTP_STATUS);
        assertThat(report.targets()).singleElement().satisfies(target -> {
            assertThat(target.exitCode()).isZero();
            assertThat(target.httpStatus()).isEqualTo(503);
            assertThat(target.error()).contains("503");
        });
        assertThat(seen).containsExactly("GET /fail exec-done=true");
    }

    @Test
    void timeoutBoundsTheWholeAttemptNotEachAction() {
        HookAction action = new HookAction(
                new ExecAction(List.of("sleep", "0.7")), get(http.actualPort(), "/hang"), null, null, null);

        ExecutionReport report = await(FIXTURE.run(operator(action, Map.of(), Duration.ofSeconds(1), 0)));

        assertThat(report.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(report.message()).contains("action.httpGet", "1s");
        assertThat(report.targets().get(0).exitCode()).isZero();
        assertThat(Duration.between(report.startedAt(), report.finishedAt())).isLessThan(Duration.ofMillis(1_800));
    }
}
