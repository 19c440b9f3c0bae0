package io.hookstream.standalone.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Phase;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard queries only what hookstream serves: a dispatcher and a worker run as in Compose (each
 * with its own registry and /metrics endpoint) on an embedded broker, one hook runs, one malformed record reaches
 * each of them (so the dead-letter counters exist), and every metric and label each panel names must appear in
 * the union of the two scrapes.
 */
@WithEmbeddedKafka
class DashboardMetricsIT {

    private static final Path EXAMPLES = Path.of("..", "examples");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyMetricAndLabelTheDashboardQueriesIsServedByTheDispatcherOrTheWorker(EmbeddedKafkaBroker broker)
            throws Exception {
        Map<String, String> flags = Map.of(
                "templates",
                EXAMPLES.resolve("templates").toString(),
                "http-port",
                "0",
                "http-host",
                "127.0.0.1",
                "worker-instances",
                "1",
                "worker-http-port",
                "0",
                "worker-http-host",
                "127.0.0.1",
                "kubernetes",
                "false");
        ConfigReader config = new ConfigReader(TestSigning.ENV, flags);
        Vertx vertx = Vertx.vertx();
        try {
            Dispatcher dispatcher = Dispatcher.start(
                            vertx,
                            DispatcherConfig.from(config).withBootstrapServers(broker.bootstrapServers()),
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                    .await(90, TimeUnit.SECONDS);
            Worker worker = Worker.start(
                            vertx,
                            WorkerConfig.from(config).withBootstrapServers(broker.bootstrapServers()),
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                    .await(90, TimeUnit.SECONDS);
            URI dispatcherMetrics = URI.create("http://127.0.0.1:" + dispatcher.httpPort() + "/metrics");
            URI workerMetrics = URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics");

            JsonNode run = runExample(dispatcher, "post-backup-notify-prod.json");
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("Succeeded");
            TopicNames topics = TopicNames.defaults();
            byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
            PlainKafka.produce(broker.bootstrapServers(), topics.requests(), "bad-request", garbage, Map.of());
            PlainKafka.produce(
                    broker.bootstrapServers(), topics.hooks(Phase.PRE_BACKUP), "bad-hook", garbage, Map.of());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(get(dispatcherMetrics))
                        .contains("hookstream_dead_letters_total{component=\"dispatcher\",reason=\"MalformedRecord\"}");
                assertThat(get(workerMetrics))
                        .contains("hookstream_dead_letters_total{component=\"worker\",reason=\"UnsignedEvent\"}");
            });

            Map<String, Set<String>> served = new HashMap<>(PromQl.exposition(get(dispatcherMetrics)));
            PromQl.exposition(get(workerMetrics))
                    .forEach((name, labels) -> served.merge(name, labels, (a, b) -> {
                        Set<String> union = new HashSet<>(a);
                        union.addAll(b);
                        return union;
                    }));
            Dashboard.expressions()
                    .forEach((panel, expr) -> PromQl.metricsAndLabels(expr).forEach((metric, labels) -> {
                        assertThat(served).as("%s: %s", panel, expr).containsKey(metric);
                        assertThat(served.get(metric))
                                .as("%s: labels of %s", panel, metric)
                                .containsAll(labels);
                    }));
        } finally {
            vertx.close().await(60, TimeUnit.SECONDS);
        }
    }

    private JsonNode runExample(Dispatcher dispatcher, String file) throws Exception {
        String base = "http://127.0.0.1:" + dispatcher.httpPort();
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/runs"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Files.readString(EXAMPLES.resolve("requests").resolve(file))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String runId = Json.mapper().readTree(posted.body()).get("runId").asText();
        return Json.mapper().readTree(get(URI.create(base + "/v1/runs/" + runId + "?wait=30s")));
    }

    private String get(URI uri) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
