package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.WithEmbeddedKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancels that meet workers as separate JVMs at awkward moments: before any worker has read the hook event, while
 * the worker that ran the hook is SIGKILLed and replaced, and while the hook's partition moves to a worker that
 * joins. Each run still ends with exactly one outcome, Cancelled, and no copy of its action left running.
 */
@WithEmbeddedKafka
class CancelAcrossWorkersIT {

    @TempDir
    Path dir;

    @Test
    void aCancelPublishedBeforeAnyWorkerReadTheHookEventKeepsTheHookFromStarting(EmbeddedKafkaBroker broker)
            throws Exception {
        List<ServiceProcess> workers = new ArrayList<>();
        try (Hookstream hookstream = Hookstream.startWithoutWorkers(broker, "cancel.yaml");
                RecordCollector cancels =
                        RecordCollector.subscribe(broker.bootstrapServers(), hookstream.topics.cancels())) {
            String runId = hookstream.submitOnKafka(request("early"));
            Awaitility.await("the run dispatched its first hook")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> "Running"
                            .equals(runView(hookstream, runId)
                                    .path("hooks")
                                    .path(0)
                                    .path("status")
                                    .asText()));

            assertThat(cancel(hookstream, runId).statusCode()).isEqualTo(202);
            cancels.await(list -> list.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(30));
            worker(hookstream, workers, "worker-a");

            JsonNode outcome = hookstream.awaitOutcome(runId, Duration.ofSeconds(60));
            assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
            JsonNode first = hookstream.resultsOf(runId).get(0);
            assertThat(first.get("status").asText()).isEqualTo("Cancelled");
            assertThat(first.get("message").asText())
                    .as("the worker's answer, not the dispatcher's deadline")
                    .contains("before it started");
            assertThat(first.get("attempts").asInt()).isZero();
            assertThat(dir.resolve(runId + "-long.pids"))
                    .as("the action never ran")
                    .doesNotExist();
            assertOneOutcomeAndOneResultPerHook(hookstream, runId);
        } finally {
            close(workers);
        }
    }

    @Test
    void aCancelWhileTheWorkerRunningTheHookIsKilledEndsTheRunWithoutStartingItAgain(EmbeddedKafkaBroker broker)
            throws Exception {
        List<ServiceProcess> workers = new ArrayList<>();
        try (Hookstream hookstream = Hookstream.startWithoutWorkers(broker, "cancel.yaml")) {
            Path quickSessions = Files.writeString(
                    dir.resolve("kafka.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=2000\n");
            ServiceProcess a =
                    worker(hookstream, workers, "worker-a", "--kafka-properties-file", quickSessions.toString());
            Awaitility.await("worker-a ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> a.logged("ready on [hookstream"));
            String runId = hookstream.submitOnKafka(request("crash"));
            long[] pids = awaitPids(runId + "-long");

            a.kill();
            assertThat(cancel(hookstream, runId).statusCode()).isEqualTo(202);
            ServiceProcess b =
                    worker(hookstream, workers, "worker-b", "--kafka-properties-file", quickSessions.toString());

            JsonNode outcome = hookstream.awaitOutcome(runId, Duration.ofSeconds(90));
            assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
            assertThat(outcome.get("hooks").get(0).get("status").asText()).isEqualTo("Cancelled");
            assertThat(Arrays.stream(pids))
                    .as("the killed worker's copy of the action")
                    .noneMatch(CancelIT::alive);
            assertThat(Files.readString(dir.resolve(runId + "-long.pids")).trim())
                    .as("no second copy started (it would have rewritten the pid file)")
                    .isEqualTo(pids[0] + " " + pids[1]);
            assertThat(dir.resolve(runId + "-after.ran")).doesNotExist();
            assertOneOutcomeAndOneResultPerHook(hookstream, runId);
            assertThat(b.isAlive()).isTrue();
        } finally {
            close(workers);
        }
    }

    @Test
    void aCancelWhileTheHooksPartitionMovesToAJoiningWorkerStopsTheCopyThatRuns(EmbeddedKafkaBroker broker)
            throws Exception {
        List<ServiceProcess> workers = new ArrayList<>();
        try (Hookstream hookstream = Hookstream.startWithoutWorkers(broker, "cancel.yaml")) {
            ServiceProcess a = worker(hookstream, workers, "worker-a");
            Awaitility.await("worker-a ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> a.logged("ready on [hookstream"));
            String runId = hookstream.submitOnKafka(request("rebalance"));
            long[] pids = awaitPids(runId + "-long");
            ServiceProcess b = worker(hookstream, workers, "worker-b"); // scale-out: partitions move
            Awaitility.await("worker-b ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> b.logged("ready on [hookstream"));

            assertThat(cancel(hookstream, runId).statusCode()).isEqualTo(202);

            JsonNode outcome = hookstream.awaitOutcome(runId, Duration.ofSeconds(60));
            assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
            assertThat(outcome.get("message").asText()).contains("hook 'long' was stopped");
            assertThat(Arrays.stream(pids)).noneMatch(CancelIT::alive);
            assertThat(Files.readString(dir.resolve(runId + "-long.pids")).trim())
                    .isEqualTo(pids[0] + " " + pids[1]);
            assertOneOutcomeAndOneResultPerHook(hookstream, runId);
        } finally {
            close(workers);
        }
    }

    private ObjectNode request(String hint) {
        String runId = Hookstream.newRunId("cancel-" + hint);
        return Requests.preBackup("demo")
                .hook("long", "cancellable", Map.of("DIR", dir.toString(), "HOOK", runId + "-long"))
                .hook("after", "marker", Map.of("DIR", dir.toString(), "HOOK", runId + "-after"))
                .json()
                .put("runId", runId);
    }

    private static HttpResponse<String> cancel(Hookstream hookstream, String runId) {
        return hookstream.post("/v1/runs/" + runId + "/cancel", "{\"reason\": \"test\"}", Map.of());
    }

    private static JsonNode runView(Hookstream hookstream, String runId) {
        HttpResponse<String> response = hookstream.get("/v1/runs/" + runId);
        return response.statusCode() == 200 ? Hookstream.tree(response.body()) : Hookstream.tree("{}");
    }

    private ServiceProcess worker(Hookstream hookstream, List<ServiceProcess> workers, String name, String... more)
            throws Exception {
        List<String> settings = new ArrayList<>(List.of(
                "--topic-partitions",
                "3",
                "--worker-instances",
                "1",
                "--worker-http-port",
                "0",
                "--shutdown-timeout",
                "20s",
                "--templates",
                hookstream.templates.toString()));
        settings.addAll(List.of(more));
        ServiceProcess worker =
                ServiceProcess.worker(hookstream.bootstrap(), dir, name, settings.toArray(String[]::new));
        workers.add(worker);
        return worker;
    }

    private long[] awaitPids(String hook) throws Exception {
        Path file = dir.resolve(hook + ".pids");
        Awaitility.await(hook + " running")
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(file) && Files.readString(file).trim().split(" ").length == 2);
        return Arrays.stream(Files.readString(file).trim().split(" "))
                .mapToLong(Long::parseLong)
                .toArray();
    }

    private static void assertOneOutcomeAndOneResultPerHook(Hookstream hookstream, String runId) {
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);
        assertThat(hookstream.outcomesOf(runId)).as("outcomes of " + runId).hasSize(1);
        assertThat(hookstream.resultsOf(runId))
                .as("results of " + runId)
                .hasSize(2)
                .extracting(r -> r.get("hookId").asText())
                .doesNotHaveDuplicates();
    }

    private static void close(List<ServiceProcess> workers) throws InterruptedException {
        for (ServiceProcess worker : workers) {
            worker.close();
        }
    }
}
