package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.KafkaClients;
import io.hookstream.kafka.LoopWatch;
import io.hookstream.kafka.Processed;
import io.hookstream.kafka.TransactionalLoop;
import io.hookstream.kafka.TransactionalProcessor;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consuming loop of the process dies on an error it cannot handle (here a processor whose {@code onCommitted},
 * which the loop runs on its own thread, throws): the loop's {@code failed()} completes with the cause, and the
 * dispatcher's and the worker's liveness and readiness answer 503 naming the loop and the cause, with the meters
 * saying so too. The process sharing one {@link LoopWatch} is what the standalone is.
 */
@WithEmbeddedKafka
class LoopFailureIT {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLoopThatDiesFailsLivenessAndReadinessOfTheProcessNamingTheLoopAndItsCause(EmbeddedKafkaBroker broker)
            throws Exception {
        Path templates = Files.createDirectory(work.resolve("templates"));
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap-servers",
                broker.bootstrapServers(),
                "templates",
                templates.toString(),
                "http-host",
                "127.0.0.1",
                "http-port",
                "0",
                "topic-partitions",
                "3",
                "worker-instances",
                "1",
                "worker-http-port",
                "0",
                "worker-http-host",
                "127.0.0.1",
                "kubernetes",
                "false"));
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LoopWatch loops = new LoopWatch(registry);
        Dispatcher dispatcher = Dispatcher.start(
                        vertx, DispatcherConfig.from(new ConfigReader(TestSigning.ENV, flags)), registry, null, loops)
                .await(60, TimeUnit.SECONDS);
        Worker worker = Worker.start(
                        vertx, WorkerConfig.from(new ConfigReader(TestSigning.ENV, flags)), registry, null, loops)
                .await(60, TimeUnit.SECONDS);
        TransactionalLoop dying = null;
        try {
            Awaitility.await("consumers assigned")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> dispatcher.isAssigned() && worker.allAssigned());
            assertThat(get(dispatcher.httpPort(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(worker.httpPort(), "/health/live").statusCode()).isEqualTo(200);
            Awaitility.await("ready")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(worker.httpPort(), "/health/ready").statusCode() == 200);

            String topic = "loop-failure-" + UUID.randomUUID().toString().substring(0, 8);
            PlainKafka.createTopics(broker.bootstrapServers(), 1, topic + "-in", topic + "-out");
            Clients clients = new Clients(broker.bootstrapServers(), topic);
            TransactionalLoop loop = new TransactionalLoop(
                            clients.consumer(),
                            clients.producer(),
                            TransactionalLoop.Options.of("dying", List.of(topic + "-in"), 10),
                            new ThrowsAfterCommit(topic + "-out"))
                    .start();
            dying = loop;
            loops.watch("test", "dying", loop);
            PlainKafka.produce(
                    broker.bootstrapServers(), topic + "-in", "k", "v".getBytes(StandardCharsets.UTF_8), Map.of());

            Throwable cause = loop.failed().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage(ThrowsAfterCommit.MESSAGE);
            assertThat(loop.failure()).isSameAs(cause);
            Awaitility.await("the loop stopped").atMost(Duration.ofSeconds(30)).until(() -> !loop.isRunning());
            assertThat(loops.failure())
                    .hasValueSatisfying(f -> assertThat(f.loop()).isEqualTo("dying"));

            for (int port : List.of(dispatcher.httpPort(), worker.httpPort())) {
                for (String path : List.of("/health/live", "/health/ready")) {
                    HttpResponse<String> answer = get(port, path);
                    assertThat(answer.statusCode())
                            .as(port + path + ": " + answer.body())
                            .isEqualTo(503);
                    JsonNode failed = Hookstream.tree(answer.body()).get("failedLoop");
                    assertThat(failed).as(port + path + ": " + answer.body()).isNotNull();
                    assertThat(failed.get("component").asText()).isEqualTo("test");
                    assertThat(failed.get("loop").asText()).isEqualTo("dying");
                    assertThat(failed.get("cause").asText()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(failed.get("message").asText()).isEqualTo(ThrowsAfterCommit.MESSAGE);
                    assertThat(answer.body()).as("no stack trace").doesNotContain("at io.hookstream");
                }
            }
            String metrics = get(worker.httpPort(), "/metrics").body();
            assertThat(metrics)
                    .contains(
                            "hookstream_loop_up{component=\"test\",loop=\"dying\"} 0.0",
                            "hookstream_loop_failures_total{component=\"test\",loop=\"dying\"} 1.0",
                            "hookstream_loop_up{component=\"worker\",loop=\"worker-0\"} 1.0",
                            "hookstream_loop_up{component=\"dispatcher\",loop=\"dispatcher\"} 1.0");
        } finally {
            if (dying != null) {
                dying.stop(Duration.ZERO).join();
            }
            worker.stop().await(60, TimeUnit.SECONDS);
            dispatcher.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** Writes one output per record; throws from {@code onCommitted}, on the loop's thread, once it committed. */
    private record ThrowsAfterCommit(String out) implements TransactionalProcessor<Long> {
        static final String MESSAGE = "the test processor fails after a commit";

        @Override
        public CompletionStage<Processed<Long>> process(ConsumerRecord<byte[], byte[]> record) {
            return CompletableFuture.completedFuture(
                    Processed.of(List.of(new ProducerRecord<>(out, record.value())), record.offset()));
        }

        @Override
        public void onCommitted(List<Long> offsets) {
            throw new IllegalStateException(MESSAGE);
        }
    }

    private record Clients(String bootstrap, String name) {
        Properties consumer() {
            return KafkaClients.consumer(KafkaClients.common(bootstrap, Map.of(), name), name + "-group");
        }

        Properties producer() {
            return KafkaClients.producer(KafkaClients.common(bootstrap, Map.of(), name));
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
