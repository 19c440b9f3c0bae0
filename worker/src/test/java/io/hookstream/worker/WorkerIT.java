package io.hookstream.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A worker process on its own, fed hook events directly, as the dispatcher would. */
@WithEmbeddedKafka
class WorkerIT {

    @Test
    void sigtermLetsHooksInFlightFinishPublishesTheirResultsAndCommits(EmbeddedKafkaBroker broker) throws Exception {
        String prefix = "graceful-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Vertx vertx = Vertx.vertx();
        Worker worker = start(vertx, broker, prefix);
        try (RecordCollector results = RecordCollector.subscribe(broker.bootstrapServers(), prefix + "results")) {
            String runId = "slow-" + UUID.randomUUID();
            publish(
                    broker,
                    prefix,
                    event(
                            runId,
                            new HookExecutor(ExecutorType.Operator, null, null),
                            List.of("/bin/sh", "-c", "sleep 1; echo finished")));
            Awaitility.await("hook in flight").atMost(Duration.ofSeconds(20)).until(() -> worker.inFlight() == 1);

            worker.stop().await(30, TimeUnit.SECONDS);

            assertThat(committed(broker, prefix + "hooks.pre-backup"))
                    .as("offset committed by the time stop()" + " completed, in the transaction that holds the result")
                    .isEqualTo(1L);
            List<JsonNode> published =
                    results
                            .await(list -> list.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(20))
                            .stream()
                            .filter(r -> runId.equals(r.key()))
                            .map(r -> tree(r.value()))
                            .toList();
            assertThat(published).hasSize(1);
            assertThat(published.get(0).get("status").asText()).isEqualTo("Succeeded");
            assertThat(published.get(0).get("targets").get(0).get("stdout").asText())
                    .contains("finished");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void podExecutorIsReportedAsNotSupportedAndTheWorkerGoesOn(EmbeddedKafkaBroker broker) throws Exception {
        String prefix = "pod-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Vertx vertx = Vertx.vertx();
        Worker worker = start(vertx, broker, prefix);
        try (RecordCollector results = RecordCollector.subscribe(broker.bootstrapServers(), prefix + "results")) {
            publish(broker, prefix, event("pod-run", new HookExecutor(ExecutorType.Pod, null, null), List.of("true")));
            publish(
                    broker,
                    prefix,
                    event("exec-run", new HookExecutor(ExecutorType.Operator, null, null), List.of("true")));

            List<JsonNode> all = results.await(list -> list.size() >= 2, Duration.ofSeconds(30)).stream()
                    .map(r -> tree(r.value()))
                    .toList();

            assertThat(all)
                    .filteredOn(r -> r.get("runId").asText().equals("pod-run"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("reason").asText()).isEqualTo("ExecutorNotSupported"));
            assertThat(all)
                    .filteredOn(r -> r.get("runId").asText().equals("exec-run"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("status").asText()).isEqualTo("Succeeded"));
        } finally {
            worker.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWorkerWhoseHttpPortIsTakenFailsToStartAndStopsWhatItStarted(EmbeddedKafkaBroker broker) throws Exception {
        String prefix = "taken-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Vertx vertx = Vertx.vertx();
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            WorkerConfig config = WorkerConfig.from(new ConfigReader(
                    TestSigning.ENV,
                    Map.of(
                            "bootstrap-servers",
                            broker.bootstrapServers(),
                            "topic-prefix",
                            prefix,
                            "topic-partitions",
                            "2",
                            "worker-instances",
                            "2",
                            "worker-group",
                            prefix + "workers",
                            "kubernetes",
                            "false",
                            "worker-http-host",
                            "127.0.0.1",
                            "worker-http-port",
                            Integer.toString(taken.getLocalPort()))));

            Throwable failure = Worker.start(vertx, config)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .handle((worker, e) -> e)
                    .get(90, TimeUnit.SECONDS);

            assertThat(failure)
                    .as("the start fails on the last step, the HTTP server")
                    .isNotNull()
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
            assertThat(vertx.deploymentIDs())
                    .as("the consumers deployed before it are undeployed")
                    .isEmpty();
            Properties props = new Properties();
            props.put("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                Awaitility.await("no member left in the group")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> members(admin, prefix + "workers") == 0);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** The members of a consumer group; 0 when the broker knows no such group (any more). */
    private static int members(Admin admin, String group) throws Exception {
        try {
            return admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group)
                    .members()
                    .size();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    private static Worker start(Vertx vertx, EmbeddedKafkaBroker broker, String prefix) throws Exception {
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
                        "worker-group",
                        prefix + "workers",
                        "worker-http-port",
                        "0",
                        "kubernetes",
                        "false")));
        Worker worker = Worker.start(vertx, config).await(60, TimeUnit.SECONDS);
        Awaitility.await("assigned").atMost(Duration.ofSeconds(30)).until(worker::allAssigned);
        return worker;
    }

    private static HookEvent event(String runId, HookExecutor executor, List<String> command) {
        return SignedHookEvents.exec(runId, executor, command, "30s");
    }

    private static void publish(EmbeddedKafkaBroker broker, String prefix, HookEvent event) throws Exception {
        SignedHookEvents.publish(broker, prefix, event);
    }

    private static JsonNode tree(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Long committed(EmbeddedKafkaBroker broker, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        String group = topic.substring(0, topic.indexOf('.') + 1) + "workers";
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? null : offset.offset();
        }
    }
}
