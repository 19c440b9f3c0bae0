package io.hookstream.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.RunList;
import io.hookstream.schemas.event.RunSummary;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/runs} over real HTTP: two dispatcher instances of one group, each owning some partitions, list the
 * same runs in the same order from the state topic; filters and paging; a bad parameter is refused by name.
 */
@WithEmbeddedKafka
class RunListIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int RUNS = 12;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private Vertx vertx;
    private String prefix;

    @BeforeEach
    void setUp(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.vertx = Vertx.vertx();
        this.prefix = "list-" + UUID.randomUUID().toString().substring(0, 6) + ".";
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Dispatcher dispatcher : dispatchers) {
            dispatcher.stop().await(30, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void twoDispatchersListTheSameRunsNewestFirstWithFiltersAndPages() throws Exception {
        Dispatcher a = start("a");
        Dispatcher b = start("b");
        await("both dispatchers own partitions").atMost(WAIT).until(() -> a.isAssigned() && b.isAssigned());
        HttpResponse<String> first = get(b, "/v1/runs");
        assertThat(first.statusCode())
                .as("the first list request starts the index and waits for it: " + first.body())
                .isEqualTo(200);
        assertThat(Json.mapper().readValue(first.body(), RunList.class).total()).isZero();
        for (int i = 0; i < RUNS; i++) {
            String namespace = i % 3 == 0 ? "staging" : "prod";
            HttpResponse<String> accepted = post(a, request(String.format("list-run-%02d", i), namespace));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }

        await("every run listed by both instances")
                .atMost(WAIT)
                .until(() -> list(a, "").total() == RUNS && list(b, "").total() == RUNS);
        RunList fromA = list(a, "?limit=500");
        RunList fromB = list(b, "?limit=500");
        assertThat(fromB.runs()).extracting(RunSummary::runId).isEqualTo(ids(fromA));
        assertThat(fromA.runs())
                .extracting(RunSummary::acceptedAt)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(fromA.runs()).allSatisfy(run -> {
            assertThat(run.hooks()).isEqualTo(1);
            assertThat(run.invoker().name()).isEqualTo("db-backup");
            assertThat(run.session()).isEqualTo("backup-1");
        });

        RunList staging =
                list(b, "?namespace=staging&status=Running&phase=pre-backup&invoker=BackupConfiguration/db-backup");
        assertThat(staging.total()).isEqualTo(4);
        assertThat(staging.runs())
                .allSatisfy(run -> assertThat(run.invoker().namespace()).isEqualTo("staging"));

        List<String> paged = new ArrayList<>();
        String after = "";
        do {
            RunList page = list(a, "?limit=5" + after);
            page.runs().forEach(run -> paged.add(run.runId()));
            after = page.next() == null ? null : "&after=" + page.next();
        } while (after != null);
        assertThat(paged).isEqualTo(ids(fromA));

        HttpResponse<String> bad = get(a, "/v1/runs?status=Exploded");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(bad.body()).get("error").asText())
                .startsWith("status: 'Exploded' is not a run status");
        assertThat(get(a, "/v1/runs?limit=0").statusCode()).isEqualTo(400);
        assertThat(get(a, "/v1/runs?after=not-a-cursor").statusCode()).isEqualTo(400);
    }

    private Dispatcher start(String instance) throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap-servers",
                broker.bootstrapServers(),
                "topic-prefix",
                prefix,
                "topic-partitions",
                "4",
                "templates",
                Path.of("..", "examples", "templates").toString(),
                "http-host",
                "127.0.0.1",
                "http-port",
                "0",
                "instance-id",
                "list-" + instance));
        DispatcherConfig config = DispatcherConfig.from(
                new ConfigReader(Map.of("HOOKSTREAM_HOOK_SIGNING_KEYS", TestSigning.KEYS), flags));
        Dispatcher dispatcher = Dispatcher.start(vertx, config).await(60, TimeUnit.SECONDS);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private static String request(String runId, String namespace) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("runId", runId);
        root.put("phase", "pre-backup");
        ObjectNode session = root.putObject("session");
        session.put("name", "backup-1");
        session.put("namespace", namespace);
        ObjectNode invoker = session.putObject("invoker");
        invoker.put("apiGroup", "core.kubestash.com");
        invoker.put("kind", "BackupConfiguration");
        invoker.put("namespace", namespace);
        invoker.put("name", "db-backup");
        ObjectNode hook = root.withArray("hooks").addObject();
        hook.put("name", "echo");
        hook.putObject("hookTemplate").put("name", "echo-session").put("namespace", "demo");
        return root.toString();
    }

    private static List<String> ids(RunList list) {
        return list.runs().stream().map(RunSummary::runId).toList();
    }

    private RunList list(Dispatcher dispatcher, String query) throws Exception {
        HttpResponse<String> response = get(dispatcher, "/v1/runs" + query);
        if (response.statusCode() == 503) {
            return new RunList(List.of(), -1, Map.of(), null); // still reading the state topic
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(response.body());
        return Json.mapper().treeToValue(body, RunList.class);
    }

    private HttpResponse<String> get(Dispatcher dispatcher, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dispatcher.httpPort() + path))
                        .timeout(WAIT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Dispatcher dispatcher, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dispatcher.httpPort() + "/v1/runs"))
                        .timeout(WAIT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
