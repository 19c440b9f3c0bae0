package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers as separate JVMs joining and leaving while long exec hooks run (docs/delivery.md, "A hook's action runs
 * once"): each action appends {@code start}/{@code end} lines to a file and holds a lock that a second copy of the
 * same hook would find taken. Through a scale-out, a scale-in with SIGTERM and a rolling replacement, every hook's
 * action starts exactly once; a SIGKILLed worker's hooks start again only once their first copy is gone.
 */
@WithEmbeddedKafka
class ActionsRunOnceIT {

    private static final List<String> PHASES = List.of("pre-backup", "post-backup", "pre-restore", "post-restore");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // worker logs stay for a failure
    Path dir;

    @Test
    void scaleOutScaleInAndARollingReplacementStartEveryHookOnce(EmbeddedKafkaBroker broker) throws Exception {
        SpanLog spans = new SpanLog(dir.resolve("spans.log"));
        List<ServiceProcess> workers = new ArrayList<>();
        try (Hookstream hookstream = Hookstream.startWithoutWorkers(broker, "spans.yaml")) {
            ServiceProcess a = worker(hookstream, workers, "worker-a");
            Awaitility.await("worker-a ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> a.logged("ready on [hookstream"));
            List<String> runIds = submit(hookstream, spans, 32, "3", "3");
            Awaitility.await("hooks running on worker-a")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> spans.running().size() >= 8);

            ServiceProcess b = worker(hookstream, workers, "worker-b"); // scale-out: partitions move to b
            Awaitility.await("worker-b ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> b.logged("ready on [hookstream"));
            long startedBefore = spans.count("start");
            Awaitility.await("hooks starting after the scale-out")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> spans.count("start") >= startedBefore + 4);
            assertThat(a.terminate(Duration.ofSeconds(90)))
                    .as("worker-a exit code after SIGTERM")
                    .isIn(0, 143);

            ServiceProcess c = worker(hookstream, workers, "worker-c"); // rolling: the new one up, then the old out
            Awaitility.await("worker-c ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> c.logged("ready on [hookstream"));
            assertThat(b.terminate(Duration.ofSeconds(90)))
                    .as("worker-b exit code after SIGTERM")
                    .isIn(0, 143);

            awaitOutcomes(hookstream, runIds);
            assertThat(spans.overlaps())
                    .as("actions that found another copy of their hook running")
                    .isEmpty();
            assertThat(spans.startsPerHook())
                    .as("starts per hook")
                    .hasSize(runIds.size() * 2)
                    .allSatisfy((hook, starts) -> assertThat(starts).as(hook).isEqualTo(1));
            assertExactlyOneResultPerHook(hookstream, runIds);
            assertThat(workers.stream().anyMatch(w -> w.logged("go on here until they finish")))
                    .as("some hooks were running on a worker when their partition moved")
                    .isTrue();
        } finally {
            for (ServiceProcess worker : workers) {
                worker.close();
            }
        }
    }

    @Test
    void aSigkilledWorkersHooksStartAgainOnlyAfterTheirFirstCopyIsGone(EmbeddedKafkaBroker broker) throws Exception {
        SpanLog spans = new SpanLog(dir.resolve("spans.log"));
        List<ServiceProcess> workers = new ArrayList<>();
        try (Hookstream hookstream = Hookstream.startWithoutWorkers(broker, "spans.yaml")) {
            // the killed worker's partitions move after a 6 s session timeout, while its 12 s hooks would still run
            Path quickSessions = Files.writeString(
                    dir.resolve("kafka.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=2000\n");
            ServiceProcess a =
                    worker(hookstream, workers, "worker-a", "--kafka-properties-file", quickSessions.toString());
            ServiceProcess b =
                    worker(hookstream, workers, "worker-b", "--kafka-properties-file", quickSessions.toString());
            Awaitility.await("workers ready")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> a.logged("ready on [hookstream") && b.logged("ready on [hookstream"));
            List<String> runIds = submit(hookstream, spans, 16, "12", "1");
            Awaitility.await("hooks running on worker-a")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> hooksOf(spans, a).size() >= 2);
            a.kill();

            awaitOutcomes(hookstream, runIds);
            assertThat(spans.overlaps())
                    .as("actions that found another copy of their hook still running")
                    .isEmpty();
            Map<String, List<Long>> starters = spans.startersPerHook();
            assertThat(starters).as("worker JVMs that started each hook").allSatisfy((hook, by) -> {
                assertThat(by).as(hook).hasSizeBetween(1, 2);
                if (by.size() == 2) {
                    assertThat(by.get(0))
                            .as(hook + ": a second start only after the first worker died")
                            .isEqualTo(a.pid());
                    assertThat(by.get(1)).as(hook + ": started again elsewhere").isEqualTo(b.pid());
                }
            });
            assertThat(starters.values())
                    .as("hooks the killed worker was running started again")
                    .anyMatch(by -> by.size() == 2);
            assertExactlyOneResultPerHook(hookstream, runIds);
        } finally {
            for (ServiceProcess worker : workers) {
                worker.close();
            }
        }
    }

    private ServiceProcess worker(Hookstream hookstream, List<ServiceProcess> workers, String name, String... more)
            throws Exception {
        List<String> settings = new ArrayList<>(List.of(
                "--topic-partitions",
                "3",
                "--worker-instances",
                "2",
                "--max-in-flight",
                "8",
                "--worker-http-port",
                "0",
                "--shutdown-timeout",
                "60s",
                "--templates",
                hookstream.templates.toString()));
        settings.addAll(List.of(more));
        ServiceProcess worker =
                ServiceProcess.worker(hookstream.bootstrap(), dir, name, settings.toArray(String[]::new));
        workers.add(worker);
        return worker;
    }

    /**
     * {@code count} runs spread over the four phases (so every hook topic has work), two hooks each, taking
     * {@code firstNap} and {@code secondNap} seconds.
     */
    private static List<String> submit(
            Hookstream hookstream, SpanLog spans, int count, String firstNap, String secondNap) {
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String runId = Hookstream.newRunId("once-" + i);
            Requests request = Requests.of(PHASES.get(i % PHASES.size()), "demo");
            request.hook(
                    "first",
                    "spanned-sleep",
                    Map.of("LOG", spans.file().toString(), "HOOK", runId + "/first", "NAP", firstNap));
            request.hook(
                    "second",
                    "spanned-sleep",
                    Map.of("LOG", spans.file().toString(), "HOOK", runId + "/second", "NAP", secondNap));
            ObjectNode json = request.json();
            json.put("runId", runId);
            runIds.add(hookstream.submitOnKafka(json));
        }
        return runIds;
    }

    /** Hooks running right now whose action was started by {@code worker}. */
    private static List<String> hooksOf(SpanLog spans, ServiceProcess worker) {
        List<String> running = spans.running();
        return spans.lines().stream()
                .filter(l -> l.event().equals("start") && running.contains(l.hook()))
                .filter(l -> l.parent() == worker.pid())
                .map(SpanLog.Line::hook)
                .toList();
    }

    private static void awaitOutcomes(Hookstream hookstream, List<String> runIds) {
        Awaitility.await("every run has an outcome")
                .atMost(Duration.ofSeconds(240))
                .untilAsserted(() -> assertThat(runIds)
                        .allSatisfy(id -> assertThat(hookstream.outcomesOf(id)).isNotEmpty()));
        for (String runId : runIds) {
            hookstream.awaitOutcome(runId); // and the results of its hooks
        }
        assertThat(runIds).allSatisfy(id -> {
            List<JsonNode> outcomes = hookstream.outcomesOf(id);
            assertThat(outcomes).as("outcomes of " + id).hasSize(1);
            assertThat(outcomes.get(0).get("status").asText())
                    .as("status of " + id)
                    .isEqualTo("Succeeded");
        });
    }

    private static void assertExactlyOneResultPerHook(Hookstream hookstream, List<String> runIds) {
        Map<String, Long> resultsPerHook = hookstream.allResults().stream()
                .filter(r -> runIds.contains(r.get("runId").asText()))
                .collect(Collectors.groupingBy(r -> r.get("hookId").asText(), Collectors.counting()));
        assertThat(resultsPerHook)
                .as("results per hook id")
                .hasSize(runIds.size() * 2)
                .allSatisfy((hookId, count) -> assertThat(count).as(hookId).isEqualTo(1L));
    }

    @BeforeAll
    static void theHooksNeedFlock() {
        assertThat(Files.isExecutable(Path.of("/usr/bin/flock")))
                .as("util-linux flock, used by the hooks")
                .isTrue();
    }
}
