package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** httpGet, httpPost and tcpSocket hooks end to end against real servers on loopback. */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkHooksIT {

    /** One request as the server saw it. */
    record Seen(String method, String path, Map<String, List<String>> headers, String body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ServerSocket tcp;
    private int closedPort;
    private Path work;
    private Hookstream hookstream;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        work = Files.createTempDirectory("network-hooks");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            if (exchange.getRequestURI().getPath().startsWith("/all-")) {
                Files.writeString(
                        work.resolve("order"),
                        exchange.getRequestURI().getPath() + "\n",
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            int status = exchange.getRequestURI().getPath().startsWith("/broken") ? 503 : 200;
            byte[] answer = (status == 200 ? "ok" : "database is read-only").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        Path templates = Files.createDirectory(work.resolve("templates"));
        Files.writeString(
                templates.resolve("network.yaml"),
                templates(server.getAddress().getPort(), tcp.getLocalPort(), closedPort, work.resolve("order")));
        hookstream = Hookstream.start(broker, templates);
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
        server.stop(0);
        tcp.close();
    }

    @Test
    void httpGetSendsPathAndHeadersAndSucceedsOn200() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("get", "http-get", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
        Seen request = seen.stream()
                .filter(s -> s.path().startsWith("/healthz"))
                .findFirst()
                .orElseThrow();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/healthz?deep=true");
        assertThat(request.headers().get("X-check")).containsExactly("pre-backup");
        assertThat(request.headers().get("X-multi")).containsExactlyInAnyOrder("one", "two");
        JsonNode target = hookstream.resultsOf(runId).get(0).get("targets").get(0);
        assertThat(target.get("httpStatus").asInt()).isEqualTo(200);
    }

    @Test
    void httpPostSendsTheRenderedBodyAndHeaders() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("post", "http-post-body", Map.of("CHANNEL", "#backups"))
                .json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
        Seen request = seen.stream()
                .filter(s -> s.path().equals("/notify"))
                .findFirst()
                .orElseThrow();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers().get("Content-type")).containsExactly("application/json");
        JsonNode body = Hookstream.tree(request.body());
        assertThat(body.get("text").asText()).isEqualTo("mysql-backup-1732665600 in demo");
        assertThat(body.get("channel").asText()).isEqualTo("#backups");
    }

    @Test
    void httpPostSendsTheFormUrlEncoded() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("form", "http-post-form", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
        Seen request =
                seen.stream().filter(s -> s.path().equals("/form")).findFirst().orElseThrow();
        assertThat(request.headers().get("Content-type").get(0)).startsWith("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("db=orders&table=a&table=b+c");
    }

    @Test
    void httpErrorStatusFailsTheHookWithTheStatus() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("get", "http-broken", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Failed");
        JsonNode result = hookstream.resultsOf(runId).get(0);
        assertThat(result.get("reason").asText()).isEqualTo("HttpStatus");
        assertThat(result.get("targets").get(0).get("httpStatus").asInt()).isEqualTo(503);
        assertThat(result.get("message").asText()).contains("503");
    }

    @Test
    void tcpSocketSucceedsWhenTheConnectionOpens() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("tcp", "tcp-open", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
    }

    @Test
    void tcpSocketFailsWhenTheConnectionIsRefused() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("tcp", "tcp-refused", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Failed");
        assertThat(hookstream.resultsOf(runId).get(0).get("reason").asText()).isEqualTo("TcpConnectFailed");
    }

    @Test
    void severalActionsRunInKubeStashOrderAndStopAtTheFirstFailure() throws Exception {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("all", "all-actions", null).json());
        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
        assertThat(Files.readAllLines(work.resolve("order"))).containsExactly("exec", "/all-get", "/all-post");

        String failing = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("stop", "stops-early", null).json());
        assertThat(hookstream.awaitOutcome(failing).get("status").asText()).isEqualTo("Failed");
        assertThat(seen.stream().map(Seen::path).filter(p -> p.startsWith("/after-failure")))
                .isEmpty();
        assertThat(hookstream.resultsOf(failing).get(0).get("reason").asText()).isEqualTo("HttpStatus");
    }

    private static String templates(int httpPort, int tcpPort, int closedPort, Path orderFile) {
        String head = """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: %s, namespace: demo}
                spec:
                  usagePolicy: {allowedNamespaces: {from: All}}
                  executor: {type: Operator}
                """;
        return String.join(
                "---\n",
                head.formatted("http-get") + """
                          action:
                            httpGet:
                              host: 127.0.0.1
                              port: %d
                              path: /healthz?deep=true
                              httpHeaders:
                              - {name: X-Check, value: pre-backup}
                              - {name: X-Multi, value: one}
                              - {name: X-Multi, value: two}
                        """.formatted(httpPort),
                head.formatted("http-broken") + """
                          action:
                            httpGet: {host: 127.0.0.1, port: %d, path: /broken}
                        """.formatted(httpPort),
                head.formatted("http-post-body") + """
                          params:
                          - {name: CHANNEL, required: true}
                          action:
                            httpPost:
                              host: 127.0.0.1
                              port: %d
                              path: /notify
                              httpHeaders:
                              - {name: Content-Type, value: application/json}
                              body: '{"text": "{{ .Name }} in {{ .Namespace }}", "channel": {{ .Params.CHANNEL | toJson }}}'
                        """.formatted(httpPort),
                head.formatted("http-post-form") + """
                          action:
                            httpPost:
                              host: 127.0.0.1
                              port: %d
                              path: /form
                              form:
                              - {key: db, values: [orders]}
                              - {key: table, values: [a, "b c"]}
                        """.formatted(httpPort),
                head.formatted("tcp-open") + """
                          action:
                            tcpSocket: {host: 127.0.0.1, port: %d}
                        """.formatted(tcpPort),
                head.formatted("tcp-refused") + """
                          action:
                            tcpSocket: {host: 127.0.0.1, port: %d}
                        """.formatted(closedPort),
                head.formatted("all-actions") + """
                          action:
                            tcpSocket: {host: 127.0.0.1, port: %d}
                            httpPost: {host: 127.0.0.1, port: %d, path: /all-post, body: "x"}
                            httpGet: {host: 127.0.0.1, port: %d, path: /all-get}
                            exec:
                              command: ["/bin/sh", "-c", "echo exec >> '%s'"]
                        """.formatted(tcpPort, httpPort, httpPort, orderFile),
                head.formatted("stops-early") + """
                          action:
                            httpGet: {host: 127.0.0.1, port: %d, path: /broken-first}
                            httpPost: {host: 127.0.0.1, port: %d, path: /after-failure, body: "x"}
                        """.formatted(httpPort, httpPort));
    }
}
