package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.TestSigning;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/**
 * A dispatcher and a worker process (two consumers) on the test class's embedded broker, with a templates
 * directory of the test's own, plus collectors on the runs, results and dead-letter topics. Tests talk to it
 * as an orchestrator would: run requests on Kafka or HTTP, outcomes and results read from Kafka.
 */
final class Hookstream implements AutoCloseable {

    static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(30);

    final EmbeddedKafkaBroker broker;
    final TopicNames topics;
    final Path templates;
    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final Worker worker;
    private final RecordCollector runs;
    private final RecordCollector results;
    private final RecordCollector dlq;
    private final HttpClient http = HttpClient.newHttpClient();

    private Hookstream(
            EmbeddedKafkaBroker broker,
            TopicNames topics,
            Path templates,
            Vertx vertx,
            Dispatcher dispatcher,
            Worker worker) {
        this.broker = broker;
        this.topics = topics;
        this.templates = templates;
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.runs = RecordCollector.subscribe(broker.bootstrapServers(), topics.runs());
        this.results = RecordCollector.subscribe(broker.bootstrapServers(), topics.results());
        this.dlq = RecordCollector.subscribe(broker.bootstrapServers(), topics.dlq());
    }

    /** Starts on {@code broker} with the templates of the given classpath resources copied to a temp dir. */
    static Hookstream start(EmbeddedKafkaBroker broker, String... templateResources) throws Exception {
        return start(broker, templates(templateResources), true);
    }

    /** Starts with workers and extra settings (e.g. {@code retry-backoff}). */
    static Hookstream start(EmbeddedKafkaBroker broker, Map<String, String> settings, String... templateResources)
            throws Exception {
        return start(broker, templates(templateResources), true, null, settings);
    }

    /** A dispatcher only: workers are started by the test (as separate processes). */
    static Hookstream startWithoutWorkers(EmbeddedKafkaBroker broker, String... templateResources) throws Exception {
        return start(broker, templates(templateResources), false);
    }

    /** A dispatcher only, with extra settings (e.g. {@code result-grace}). */
    static Hookstream startWithoutWorkers(
            EmbeddedKafkaBroker broker, Map<String, String> settings, String... templateResources) throws Exception {
        return start(broker, templates(templateResources), false, null, settings);
    }

    private static Path templates(String... templateResources) throws Exception {
        Path dir = Files.createTempDirectory("hookstream-templates");
        for (String resource : templateResources) {
            try (InputStream in = Hookstream.class.getResourceAsStream("/e2e-templates/" + resource)) {
                assertThat(in).as("test resource e2e-templates/" + resource).isNotNull();
                Files.copy(in, dir.resolve(resource));
            }
        }
        return dir;
    }

    static Hookstream start(EmbeddedKafkaBroker broker, Path templatesDir) throws Exception {
        return start(broker, templatesDir, true, null);
    }

    /**
     * A dispatcher reading HookTemplates through {@code kubernetes} ({@code --template-source kubernetes}) and a
     * worker whose Pod and Function executors use the same client, as one standalone process does. The caller
     * owns (and closes) the client.
     */
    static Hookstream startOnKubernetes(EmbeddedKafkaBroker broker, KubernetesClient kubernetes) throws Exception {
        return start(broker, null, true, kubernetes);
    }

    private static Hookstream start(EmbeddedKafkaBroker broker, Path templatesDir, boolean withWorkers)
            throws Exception {
        return start(broker, templatesDir, withWorkers, null);
    }

    private static Hookstream start(
            EmbeddedKafkaBroker broker, Path templatesDir, boolean withWorkers, KubernetesClient kubernetes)
            throws Exception {
        return start(broker, templatesDir, withWorkers, kubernetes, Map.of());
    }

    private static Hookstream start(
            EmbeddedKafkaBroker broker,
            Path templatesDir,
            boolean withWorkers,
            KubernetesClient kubernetes,
            Map<String, String> settings)
            throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap-servers", broker.bootstrapServers());
        if (kubernetes == null) {
            flags.put("templates", templatesDir.toString());
            flags.put("templates-reload-interval", "200ms");
        } else {
            flags.put("template-source", "kubernetes");
        }
        flags.put("http-host", "127.0.0.1");
        flags.put("http-port", "0");
        flags.put("topic-partitions", "3");
        flags.put("worker-instances", "2");
        // without a client, Pod and Function hooks answer ExecutorNotSupported
        flags.put("kubernetes", kubernetes == null ? "false" : "true");
        flags.put("retry-backoff", "50ms");
        flags.put("worker-http-port", "0");
        flags.put("worker-http-host", "127.0.0.1");
        flags.putAll(settings);
        DispatcherConfig dispatcherConfig = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, flags));
        WorkerConfig workerConfig = WorkerConfig.from(new ConfigReader(TestSigning.ENV, flags));
        Vertx vertx = Vertx.vertx();
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Dispatcher dispatcher =
                Dispatcher.start(vertx, dispatcherConfig, registry, kubernetes).await(60, TimeUnit.SECONDS);
        Worker worker = withWorkers
                ? Worker.start(vertx, workerConfig, registry, kubernetes).await(60, TimeUnit.SECONDS)
                : null;
        // every consumer must hold its partitions before tests start: a rebalance moves hooks in flight to another
        // consumer, which runs them again (at-least-once; see docs/design.md)
        Awaitility.await("dispatcher and workers assigned")
                .atMost(Duration.ofSeconds(30))
                .until(() -> dispatcher.isAssigned() && (worker == null || worker.allAssigned()));
        return new Hookstream(broker, dispatcherConfig.kafka().topics(), templatesDir, vertx, dispatcher, worker);
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    int httpPort() {
        return dispatcher.httpPort();
    }

    int workerHttpPort() {
        return worker.httpPort();
    }

    /** A fresh run id, for requests that name one. */
    static String newRunId(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes a request (with its runId set to a fresh one) on the requests topic; returns the run id. */
    String submitOnKafka(ObjectNode request) {
        String runId = request.hasNonNull("runId") ? request.get("runId").asText() : newRunId("run");
        request.put("runId", runId);
        PlainKafka.produce(bootstrap(), topics.requests(), runId, bytes(request), Map.of());
        return runId;
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return get(httpPort(), path);
    }

    HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(90))
                .GET()
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The run outcome of {@code runId} from the runs topic, once it arrives and once the results collector has
     * caught up with the results of its hooks (the topics are read independently).
     */
    JsonNode awaitOutcome(String runId) {
        return awaitOutcome(runId, OUTCOME_TIMEOUT);
    }

    /** {@link #awaitOutcome(String)} with another timeout. */
    JsonNode awaitOutcome(String runId, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records =
                runs.await(list -> list.stream().anyMatch(r -> runId.equals(r.key())), timeout);
        JsonNode outcome = records.stream()
                .filter(r -> runId.equals(r.key()))
                .map(r -> tree(r.value()))
                .findFirst()
                .orElseThrow();
        long expected = 0;
        for (JsonNode hook : outcome.path("hooks")) {
            if (!List.of("Pending", "Running").contains(hook.path("status").asText())) {
                expected++;
            }
        }
        long wanted = expected;
        results.await(list -> list.stream().filter(r -> runId.equals(r.key())).count() >= wanted, timeout);
        return outcome;
    }

    /** Every outcome published for {@code runId} so far. */
    List<JsonNode> outcomesOf(String runId) {
        return runs.records().stream()
                .filter(r -> runId.equals(r.key()))
                .map(r -> tree(r.value()))
                .toList();
    }

    /** Every result published so far. */
    List<JsonNode> allResults() {
        return results.records().stream().map(r -> tree(r.value())).toList();
    }

    /** Every result published for {@code runId} so far, in order. */
    List<JsonNode> resultsOf(String runId) {
        return results.records().stream()
                .filter(r -> runId.equals(r.key()))
                .map(r -> tree(r.value()))
                .toList();
    }

    List<ConsumerRecord<String, byte[]>> deadLetters() {
        return dlq.records();
    }

    List<ConsumerRecord<String, byte[]>> awaitDeadLetters(int count) {
        return dlq.await(list -> list.size() >= count, OUTCOME_TIMEOUT);
    }

    List<ConsumerRecord<String, byte[]>> runRecords() {
        return runs.records();
    }

    static JsonNode tree(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String value) {
        return tree(value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        runs.close();
        results.close();
        dlq.close();
        // each step awaited from this thread: a listener on vertx.close() may never run on a closing event loop
        if (worker != null) {
            worker.stop().await(60, TimeUnit.SECONDS);
        }
        dispatcher.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
    }
}
