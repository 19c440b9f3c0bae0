package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.loadtest.Action;
import io.hookstream.loadtest.HookInvocationFigures;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The http action's server on a real loopback port, called as the worker's httpPost calls it. */
class ActionServerTest {

    private static final String HOOK = "lt-a-0000042/0";

    private static HookInvocationFigures figures(ActionServer server) {
        return server.byHook().figures(id -> true);
    }

    /** A request for {@code hookId} on a connection of its own, left open. */
    private static Socket post(int port, String hookId) throws Exception {
        Socket socket = new Socket(Loopback.HOST, port);
        byte[] body = hookId.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + HookTemplates.HTTP_PATH + " HTTP/1.1\r\nHost: " + Loopback.HOST + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    @Test
    void twoRequestsForOneHookAtOnceAreAnOverlappingActionAndBothAreAnswered() throws Exception {
        try (ActionServer server = ActionServer.start(Action.HTTP, 0, Duration.ofMillis(500))) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://" + Loopback.HOST + ":" + server.port() + HookTemplates.HTTP_PATH))
                    .POST(HttpRequest.BodyPublishers.ofString(HOOK))
                    .build();

            CompletableFuture<HttpResponse<String>> first =
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> second =
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofString());

            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(second.get().statusCode()).isEqualTo(200);
            HookInvocationFigures figures = figures(server);
            assertThat(server.invocations()).isEqualTo(2);
            assertThat(figures.hooksInvoked()).isEqualTo(1);
            assertThat(figures.startedTwice()).isEqualTo(1);
            assertThat(figures.overlapping()).isEqualTo(1);
            assertThat(figures.stillRunning()).isZero();
        }
    }

    @Test
    void aRequestWhoseConnectionClosesBeforeTheAnswerStopsRunningSoARetryDoesNotOverlap() throws Exception {
        // the server would answer only after 60 s: only the closed connection can end the first invocation
        try (ActionServer server = ActionServer.start(Action.HTTP, 0, Duration.ofSeconds(60))) {
            Socket abandoned = post(server.port(), HOOK);
            await().atMost(Duration.ofSeconds(20)).until(() -> figures(server).stillRunning() == 1);
            abandoned.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> figures(server).stillRunning() == 0);

            try (Socket again = post(server.port(), HOOK)) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> figures(server).stillRunning() == 1);
                HookInvocationFigures figures = figures(server);
                assertThat(figures.startedTwice()).isEqualTo(1);
                assertThat(figures.overlapping()).isZero();
            }
        }
    }

    @Test
    void resettingAfterTheWarmUpForgetsItsInvocations() throws Exception {
        try (ActionServer server = ActionServer.start(Action.HTTP, 0, Duration.ZERO)) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://" + Loopback.HOST + ":" + server.port() + HookTemplates.HTTP_PATH))
                            .POST(HttpRequest.BodyPublishers.ofString(HOOK))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());

            server.resetInvocations();

            assertThat(server.invocations()).isZero();
            assertThat(figures(server).hooksInvoked()).isZero();
        }
    }
}
