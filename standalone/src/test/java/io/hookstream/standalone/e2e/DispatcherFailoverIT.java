package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.TopicNames;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.hookstream.worker.Worker;
import io.hookstream.worker.WorkerConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dispatchers as separate JVMs share the runs by partition; one is killed with SIGKILL under load. The other
 * takes over its partitions, rebuilds their runs from the state topic and finishes them: every run gets exactly
 * one outcome and every hook exactly one result.
 */
@WithEmbeddedKafka
class DispatcherFailoverIT {

    private static final int RUNS = 80;

    @TempDir
    Path work;

    @Test
    void killingOneOfTwoDispatchersUnderLoadLeavesEveryRunWithExactlyOneOutcome(EmbeddedKafkaBroker broker)
            throws Exception {
        String bootstrap = broker.bootstrapServers();
        TopicNames topics = TopicNames.defaults();
        Path templates = Files.createDirectory(work.resolve("templates"));
        try (InputStream in = getClass().getResourceAsStream("/e2e-templates/crash.yaml")) {
            Files.copy(in, templates.resolve("crash.yaml"));
        }
        String[] settings = {
            "--templates",
            templates.toString(),
            "--http-port",
            "0",
            "--http-host",
            "127.0.0.1",
            "--topic-partitions",
            "6"
        };
        List<ServiceProcess> dispatchers = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        Worker worker = null;
        try (RecordCollector runs = RecordCollector.subscribe(bootstrap, topics.runs());
                RecordCollector results = RecordCollector.subscribe(bootstrap, topics.results())) {
            dispatchers.add(ServiceProcess.dispatcher(bootstrap, work, "dispatcher-a", settings));
            dispatchers.add(ServiceProcess.dispatcher(bootstrap, work, "dispatcher-b", settings));
            worker = Worker.start(
                            vertx,
                            WorkerConfig.from(new ConfigReader(
                                    TestSigning.ENV,
                                    Map.of(
                                            "bootstrap-servers",
                                            bootstrap,
                                            "topic-partitions",
                                            "6",
                                            "worker-instances",
                                            "2",
                                            "worker-http-port",
                                            "0"))))
                    .await(60, TimeUnit.SECONDS);
            Awaitility.await("both dispatchers consuming")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> dispatchers.stream().allMatch(d -> logContains(d, "assigned [")));

            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                String runId = "failover-" + i;
                runIds.add(runId);
                String request = Requests.preBackup("demo")
                        .hook("first", "short-sleep", null)
                        .hook("second", "short-sleep", null)
                        .json()
                        .put("runId", runId)
                        .toString();
                PlainKafka.produce(bootstrap, topics.requests(), runId, request.getBytes(), Map.of());
            }
            Awaitility.await("some outcomes")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> runs.records().size() >= 10);
            dispatchers.get(0).kill();

            Awaitility.await("every run has an outcome")
                    .atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(runs.records().stream()
                                    .map(ConsumerRecord::key)
                                    .distinct()
                                    .count())
                            .isEqualTo(RUNS));
            Awaitility.await()
                    .pollDelay(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> true);

            Map<String, List<JsonNode>> outcomes = runs.records().stream()
                    .collect(Collectors.groupingBy(
                            ConsumerRecord::key,
                            Collectors.mapping(r -> Hookstream.tree(r.value()), Collectors.toList())));
            assertThat(outcomes).hasSize(RUNS).allSatisfy((runId, list) -> {
                assertThat(list).as("outcomes of " + runId).hasSize(1);
                assertThat(list.get(0).get("status").asText()).as(runId).isEqualTo("Succeeded");
            });
            Map<String, Long> resultsPerHook = results.records().stream()
                    .collect(Collectors.groupingBy(
                            r -> Hookstream.tree(r.value()).get("hookId").asText(), Collectors.counting()));
            assertThat(resultsPerHook)
                    .hasSize(RUNS * 2)
                    .allSatisfy((hookId, count) -> assertThat(count).as(hookId).isEqualTo(1L));
            String survivorLog = Files.readString(dispatchers.get(1).log());
            Matcher restored = Pattern.compile("\\((\\d+) in flight\\)").matcher(survivorLog);
            long inFlightRestored = 0;
            while (restored.find()) {
                inFlightRestored += Long.parseLong(restored.group(1));
            }
            assertThat(inFlightRestored)
                    .as("runs in flight the survivor restored from the state topic")
                    .isPositive();
        } finally {
            for (ServiceProcess dispatcher : dispatchers) {
                dispatcher.close();
            }
            if (worker != null) {
                worker.stop().await(60, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static boolean logContains(ServiceProcess process, String text) {
        try {
            return Files.readString(process.log()).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
