package io.hookstream.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signal the shipped KEDA ScaledObject scales the workers on (docs/kubernetes.md, "Autoscaling"):
 * {@code hookstream_waiting + hookstream_in_flight} as a worker serves them on /metrics counts the hooks that still
 * need a worker, while the consumer group's lag (end offset minus committed offset, what KEDA's kafka scaler reads)
 * also counts every hook that finished above an unfinished one. One worker consumer on a one-partition hook topic,
 * a long exec hook held open by a gate file the test creates, and short hooks behind it.
 */
@WithEmbeddedKafka
class AutoscalingSignalIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(60, TimeUnit.SECONDS);
    }

    @Test
    void hooksFinishedAboveALongOneAreGroupLagButNeitherWaitingNorInFlight(EmbeddedKafkaBroker broker)
            throws Exception {
        String prefix = "signal-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Worker worker = start(broker, prefix, 64);
        Path gate = dir.resolve("release-long-hook");
        try (RecordCollector results = RecordCollector.subscribe(broker.bootstrapServers(), prefix + "results")) {
            publish(broker, prefix, event("long", heldUntil(gate)));
            Awaitility.await("the long hook runs")
                    .atMost(WAIT)
                    .until(() -> gauges(worker).get("hookstream_in_flight") == 1);
            int shortHooks = 40;
            for (int i = 0; i < shortHooks; i++) {
                publish(broker, prefix, event("short-" + i, List.of("true")));
            }
            results.await(list -> succeeded(list) == shortHooks, WAIT);

            Awaitility.await("the gauges caught up with the short hooks")
                    .atMost(WAIT)
                    .untilAsserted(() -> {
                        Map<String, Double> gauges = gauges(worker);
                        assertThat(groupLag(broker, prefix))
                                .as("KEDA's kafka lag: the long hook and every hook above it")
                                .isEqualTo(1 + shortHooks);
                        assertThat(gauges.get("hookstream_waiting"))
                                .as("nothing waits to start")
                                .isZero();
                        assertThat(gauges.get("hookstream_in_flight"))
                                .as("only the long hook runs")
                                .isEqualTo(1);
                        assertThat(gauges.get("hookstream_consumer_lag"))
                                .as("everything was fetched")
                                .isZero();
                    });

            release(gate);
            results.await(list -> succeeded(list) == shortHooks + 1, WAIT);
            awaitNothingLeft(worker, broker, prefix);
        } finally {
            release(gate); // after a failure too: the worker then stops without waiting for the hook
            worker.stop().await(90, TimeUnit.SECONDS);
        }
    }

    @Test
    void hooksFetchedBehindAFullWorkerCountAsWaitingUntilTheyStart(EmbeddedKafkaBroker broker) throws Exception {
        hooksBehindAFullWorkerCountAsWaiting(broker, true);
    }

    /**
     * Fails today: a partition at the in-flight bound is paused, so it is not fetched, and
     * {@code KafkaConsumer.currentLag} (what {@code TransactionalLoop.waiting()} adds up) keeps the end offset of the
     * last fetch; hooks that arrive while a worker is full stay invisible until a slot frees. With long hooks filling
     * every slot, the workers report exactly their capacity and KEDA never adds one (docs/kubernetes.md).
     */
    @Test
    void hooksArrivingWhileTheWorkerIsFullCountAsWaitingUntilTheyStart(EmbeddedKafkaBroker broker) throws Exception {
        hooksBehindAFullWorkerCountAsWaiting(broker, false);
    }

    /** One slot, held by a gated hook; five instant hooks of other runs behind it, published before or after. */
    private void hooksBehindAFullWorkerCountAsWaiting(EmbeddedKafkaBroker broker, boolean beforeStart)
            throws Exception {
        String prefix = "slots-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Path gate = dir.resolve("release-the-slot");
        int queued = 5;
        List<HookEvent> behind = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            behind.add(event("queued-" + i, List.of("true")));
        }
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        TopicProvisioner.ensureAll(client, new TopicNames(prefix), 1, -1);
        publish(broker, prefix, event("holds-the-slot", heldUntil(gate)));
        if (beforeStart) {
            for (HookEvent event : behind) {
                publish(broker, prefix, event);
            }
        }
        Worker worker = start(broker, prefix, 1);
        try (RecordCollector results = RecordCollector.subscribe(broker.bootstrapServers(), prefix + "results")) {
            Awaitility.await("the first hook holds the only slot")
                    .atMost(WAIT)
                    .until(() -> gauges(worker).get("hookstream_in_flight") == 1);
            if (!beforeStart) {
                for (HookEvent event : behind) {
                    publish(broker, prefix, event);
                }
            }

            Awaitility.await("the hooks behind the full worker are counted")
                    .atMost(WAIT)
                    .untilAsserted(() -> {
                        Map<String, Double> gauges = gauges(worker);
                        assertThat(gauges.get("hookstream_waiting"))
                                .as("waiting")
                                .isEqualTo(queued);
                        assertThat(gauges.get("hookstream_in_flight"))
                                .as("in flight")
                                .isEqualTo(1);
                    });
            assertThat(succeeded(results.records())).as("none of them started").isZero();

            release(gate);
            results.await(list -> succeeded(list) == queued + 1, WAIT);
            awaitNothingLeft(worker, broker, prefix);
        } finally {
            release(gate);
            worker.stop().await(90, TimeUnit.SECONDS);
        }
    }

    private Worker start(EmbeddedKafkaBroker broker, String prefix, int maxInFlight) throws Exception {
        WorkerConfig config = WorkerConfig.from(new ConfigReader(
                TestSigning.ENV,
                Map.of(
                        "bootstrap-servers",
                        broker.bootstrapServers(),
                        "topic-prefix",
                        prefix,
                        "topic-partitions",
                        "1",
                        "worker-instances",
                        "1",
                        "max-in-flight",
                        Integer.toString(maxInFlight),
                        "worker-group",
                        prefix + "workers",
                        "worker-http-host",
                        "127.0.0.1",
                        "worker-http-port",
                        "0",
                        "kubernetes",
                        "false")));
        Worker worker = Worker.start(vertx, config).await(90, TimeUnit.SECONDS);
        Awaitility.await("assigned").atMost(WAIT).until(worker::allAssigned);
        return worker;
    }

    private void awaitNothingLeft(Worker worker, EmbeddedKafkaBroker broker, String prefix) {
        Awaitility.await("all done").atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> gauges = gauges(worker);
            assertThat(gauges.get("hookstream_waiting") + gauges.get("hookstream_in_flight"))
                    .isZero();
            assertThat(groupLag(broker, prefix)).isZero();
        });
    }

    private static void release(Path gate) throws IOException {
        if (!Files.exists(gate)) {
            Files.createFile(gate);
        }
    }

    /** A command that runs until {@code gate} exists (a path of the test's temporary directory, no quotes). */
    private static List<String> heldUntil(Path gate) {
        return List.of("/bin/sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done");
    }

    private static HookEvent event(String runId, List<String> command) {
        return SignedHookEvents.exec(runId, new HookExecutor(ExecutorType.Operator, null, null), command, "5m");
    }

    private static void publish(EmbeddedKafkaBroker broker, String prefix, HookEvent event) throws Exception {
        SignedHookEvents.publish(broker, prefix, event);
    }

    private static long succeeded(List<ConsumerRecord<String, byte[]>> results) {
        return results.stream()
                .map(r -> tree(r.value()))
                .filter(r -> r.get("status").asText().equals("Succeeded"))
                .count();
    }

    /** The worker's loop gauges as its /metrics serves them, summed over its loops. */
    private Map<String, Double> gauges(Worker worker) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> out = new HashMap<>();
        Matcher sample = Pattern.compile("(?m)^(hookstream_(?:waiting|in_flight|consumer_lag))\\{([^}]*)} (\\S+)$")
                .matcher(body);
        while (sample.find()) {
            assertThat(sample.group(2)).contains("component=\"worker\"");
            out.merge(sample.group(1), Double.parseDouble(sample.group(3)), Double::sum);
        }
        assertThat(out).containsOnlyKeys("hookstream_waiting", "hookstream_in_flight", "hookstream_consumer_lag");
        return out;
    }

    /** What KEDA's kafka scaler reads: end offset minus the group's committed offset, summed over partitions. */
    private static long groupLag(EmbeddedKafkaBroker broker, String prefix) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        TopicPartition tp = new TopicPartition(prefix + "hooks.pre-backup", 0);
        try (Admin admin = Admin.create(props)) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(prefix + "workers")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(tp);
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                    .partitionResult(tp)
                    .get()
                    .offset();
            return end - (committed == null ? 0 : committed.offset());
        }
    }

    private static JsonNode tree(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
