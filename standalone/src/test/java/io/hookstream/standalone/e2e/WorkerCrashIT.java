package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers as separate JVMs, killed with SIGKILL mid-run and replaced, or added during load: every hook still gets
 * exactly one committed result and every run exactly one outcome.
 */
@WithEmbeddedKafka
class WorkerCrashIT {

    private static final int RUNS = 60;

    @TempDir
    Path logs;

    @Test
    void sigkillOfAWorkerMidRunAndARebalanceLeaveExactlyOneResultPerHook(EmbeddedKafkaBroker broker) throws Exception {
        List<ServiceProcess> workers = new ArrayList<>();
        try (Hookstream hookstream = Hookstream.startWithoutWorkers(broker, "crash.yaml")) {
            String[] settings = {
                "--topic-partitions", "3", "--worker-instances", "2", "--max-in-flight", "8", "--worker-http-port", "0"
            };
            workers.add(ServiceProcess.worker(hookstream.bootstrap(), logs, "worker-a", settings));
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runIds.add(hookstream.submitOnKafka(Requests.preBackup("demo")
                        .hook("first", "short-sleep", null)
                        .hook("second", "short-sleep", null)
                        .json()));
            }
            Awaitility.await("some results")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> hookstream.allResults().size() >= 10);
            workers.add(ServiceProcess.worker(hookstream.bootstrap(), logs, "worker-b", settings)); // rebalance
            Awaitility.await("more results")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> hookstream.allResults().size() >= 30);
            workers.get(0).kill(); // SIGKILL mid-run: hooks in flight and an open transaction are left behind
            workers.add(ServiceProcess.worker(hookstream.bootstrap(), logs, "worker-c", settings));

            Awaitility.await("every run has an outcome")
                    .atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(runIds)
                            .allSatisfy(
                                    id -> assertThat(hookstream.outcomesOf(id)).isNotEmpty()));
            Awaitility.await()
                    .pollDelay(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> true);

            Map<String, Long> resultsPerHook = hookstream.allResults().stream()
                    .collect(Collectors.groupingBy(r -> r.get("hookId").asText(), Collectors.counting()));
            assertThat(resultsPerHook)
                    .as("results per hook id")
                    .hasSize(RUNS * 2)
                    .allSatisfy((hookId, count) -> assertThat(count).as(hookId).isEqualTo(1L));
            assertThat(runIds).allSatisfy(id -> {
                List<JsonNode> outcomes = hookstream.outcomesOf(id);
                assertThat(outcomes).as("outcomes of " + id).hasSize(1);
                assertThat(outcomes.get(0).get("status").asText()).isEqualTo("Succeeded");
            });
            assertThat(Files.readString(workers.get(0).log()))
                    .as("the killed worker had started")
                    .contains("worker ready");
        } finally {
            for (ServiceProcess worker : workers) {
                worker.close();
            }
        }
    }
}
