package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/templates} on a real HTTP server on loopback, over a real template directory. */
class HttpApiTemplatesTest {

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void listsEveryProblemOfEveryTemplateOneLineEachBesideTheLoadedTemplates() throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: fine, namespace: demo}
                spec:
                  executor: {type: Operator}
                  action: {tcpSocket: {port: 5432}}
                """);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: broken, namespace: demo}
                spec:
                  usagePolicy:
                    allowedNamespaces: {from: Selector}
                  executor:
                    type: Pod
                    pod: {selector: app=db, strategy: OnAll}
                ---
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: also-broken, namespace: demo}
                spec:
                  executor: {type: Robot}
                  action: {tcpSocket: {port: 70000}}
                """);
        var snapshot = new TemplateDirectory(dir).load();
        HttpApi api = new HttpApi(
                vertx,
                new HttpApi.Runs(null, null, null, null),
                new HttpApi.Outbound(null, null, "/test"),
                new HttpApi.Access(null, 1 << 20, false),
                new HttpApi.Status(() -> snapshot, Map::of, null, null, null));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(api.router())
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/templates"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(answer.body());
        assertThat(body.get("templates"))
                .extracting(t -> t.get("metadata").get("name").asText())
                .containsExactly("fine");
        List<String> problems = new ArrayList<>();
        body.get("problems").forEach(problem -> problems.add(problem.asText()));
        assertThat(problems)
                .satisfiesExactly(
                        line -> assertThat(line)
                                .isEqualTo(bad + ":4: spec.action: required for executor type Pod: set exec, "
                                        + "httpGet, httpPost or tcpSocket"),
                        line -> assertThat(line)
                                .startsWith(bad + ":6: spec.usagePolicy.allowedNamespaces.selector: required"),
                        line -> assertThat(line)
                                .startsWith(bad + ":9: spec.executor.pod.strategy: invalid value 'OnAll'"),
                        line -> assertThat(line).startsWith(bad + ":15: spec.executor.type: invalid value 'Robot'"),
                        line -> assertThat(line)
                                .startsWith(bad + ":16: spec.action.tcpSocket.port: port 70000 is out of range"));
        assertThat(problems).noneMatch(line -> line.startsWith(good.toString()));
    }
}
