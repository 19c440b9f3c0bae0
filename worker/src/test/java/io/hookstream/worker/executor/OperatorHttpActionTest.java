package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.httpGet;
import static io.hookstream.worker.executor.Executions.httpPost;
import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.FormEntry;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperatorHttpActionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.operator(Map.of());

    private static HttpServer server;
    private static int port;
    private static final Queue<Received> received = new ConcurrentLinkedQueue<>();

    /** One request as the server saw it. */
    record Received(String method, String path, MultiMap headers, String body) {}

    @BeforeAll
    static void start() {
        Router router = Router.router(FIXTURE.vertx());
        router.route().handler(BodyHandler.create());
        router.route().handler(context -> {
            received.add(new Received(
                    context.request().method().name(),
                    context.request().uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(context.request().headers()),
                    context.body().asString()));
            context.next();
        });
        router.route("/ok").handler(context -> context.response().end("fine"));
        router.route("/fail/secret-token")
                .handler(context -> context.response().setStatusCode(500).end("database is down. ".repeat(50)));
        router.route("/redirect")
                .handler(context -> context.response()
                        .setStatusCode(302)
                        .putHeader("Location", "/elsewhere")
                        .end());
        router.route("/elsewhere").handler(context -> context.response().end("followed"));
        router.route("/not-found")
                .handler(context -> context.response().setStatusCode(404).end());
        router.route("/hang").handler(context -> {
            // never answers
        });
        server = await(FIXTURE.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        port = server.actualPort();
    }

    @BeforeEach
    void clear() {
        received.clear();
    }

    @AfterAll
    static void stop() {
        await(server.close());
    }

    private static ExecutionReport run(HookAction action) {
        return await(FIXTURE.run(operator(action, TIMEOUT)));
    }

    @Test
    void httpGetSendsPathAndEveryHeaderIncludingRepeatedOnes() {
        ExecutionReport report = run(httpGet(
                port,
                "/ok?probe=1",
                new HttpHeader("X-Token", "abc"),
                new HttpHeader("X-Repeated", "one"),
                new HttpHeader("X-Repeated", "two")));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(report.targets()).singleElement().satisfies(target -> {
            assertThat(target.httpStatus()).isEqualTo(200);
            assertThat(target.exitCode()).isNull();
            assertThat(target.error()).isNull();
        });
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/ok?probe=1");
            assertThat(request.headers().get("X-Token")).isEqualTo("abc");
            assertThat(request.headers().getAll("X-Repeated")).containsExactly("one", "two");
        });
    }

    @Test
    void httpGetDefaultsPathToRoot() {
        ExecutionReport report = run(httpGet(port, null));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.targets().get(0).httpStatus()).isEqualTo(404);
        assertThat(received).singleElement().extracting(Received::path).isEqualTo("/");
    }

    @Test
    void httpGetDefaultsHostToLocalhost() {
        ExecutionReport report = run(new HookAction(
                null, new HttpGetAction("/ok", IntOrString.of(port), null, null, null), null, null, null));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(received)
                .singleElement()
                .satisfies(request -> assertThat(request.headers().get("Host")).isEqualTo("localhost:" + port));
    }

    @Test
    void httpPostSendsRawBody() {
        String body = "{\"text\":\"backup of orders finished\"}";
        ExecutionReport report = run(httpPost(new HttpPostAction(
                "/ok",
                IntOrString.of(port),
                "127.0.0.1",
                "HTTP",
                List.of(new HttpHeader("Content-Type", "application/json")),
                body,
                null)));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.body()).isEqualTo(body);
            assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
        });
    }

    @Test
    void httpPostSendsEveryFormValueInOrder() {
        ExecutionReport report = run(httpPost(new HttpPostAction(
                "/ok",
                IntOrString.of(port),
                "127.0.0.1",
                null,
                null,
                null,
                List.of(
                        new FormEntry("channel", List.of("#backups", "#ops")),
                        new FormEntry("text", List.of("a&b=c d é"))))));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.body()).isEqualTo("channel=%23backups&channel=%23ops&text=a%26b%3Dc+d+%C3%A9");
        });
    }

    @Test
    void httpPostWithBothBodyAndFormIsInvalid() {
        ExecutionReport report = run(httpPost(new HttpPostAction(
                "/ok",
                IntOrString.of(port),
                "127.0.0.1",
                null,
                null,
                "raw",
                List.of(new FormEntry("k", List.of("v"))))));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("body", "form");
        assertThat(received).isEmpty();
    }

    @Test
    void serverErrorFailsWithStatusAndStartOfBodyButNotThePath() {
        ExecutionReport report = run(httpGet(port, "/fail/secret-token"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.HTTP_STATUS);
        assertThat(report.message()).contains("500", "database is down").doesNotContain("secret-token");
        assertThat(report.message().length()).isLessThan(400);
        assertThat(report.targets().get(0).httpStatus()).isEqualTo(500);
        assertThat(report.targets().get(0).error()).isEqualTo(report.message());
    }

    @Test
    void redirectIsFollowedAndTheFinalStatusCounts() {
        ExecutionReport report = run(httpGet(port, "/redirect"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(report.targets().get(0).httpStatus()).isEqualTo(200);
        assertThat(received).extracting(Received::path).containsExactly("/redirect", "/elsewhere");
    }

    @Test
    void connectionRefusedFailsWithHttpError() {
        int closedPort = closedPort();

        ExecutionReport report = run(httpGet(closedPort, "/ok"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.HTTP_ERROR);
        assertThat(report.message()).contains("127.0.0.1:" + closedPort);
        assertThat(report.targets().get(0).httpStatus()).isNull();
    }

    @Test
    void serverThatNeverAnswersTimesOut() {
        ExecutionReport report = await(FIXTURE.run(operator(httpGet(port, "/hang"), Duration.ofMillis(500))));

        assertThat(report.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(report.reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(report.message()).contains("500ms");
        assertThat(Duration.between(report.startedAt(), report.finishedAt())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void namedPortNeedsAPodExecutor() {
        ExecutionReport report = run(new HookAction(
                null, new HttpGetAction("/", IntOrString.parse("http"), "127.0.0.1", null, null), null, null, null));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("named port http needs a Pod executor");
    }

    @Test
    void unknownSchemeIsInvalid() {
        ExecutionReport report = run(new HookAction(
                null, new HttpGetAction("/", IntOrString.of(port), "127.0.0.1", "FTP", null), null, null, null));

        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("action.httpGet.scheme", "FTP");
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
