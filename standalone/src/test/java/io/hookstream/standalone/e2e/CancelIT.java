package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.DeadLetterHeaders;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.WithEmbeddedKafka;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a run, as an orchestrator or operator does it (HTTP and Kafka), with the Operator executor on the
 * embedded broker: the running hook's whole process tree is stopped, the hooks after it are Skipped, and the run
 * gets exactly one outcome, Cancelled. Cancels of finished runs, repeated cancels and cancels that come before
 * their run's request are covered too.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelIT {

    @TempDir
    Path dir;

    private Hookstream hookstream;
    private RecordCollector cancels;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "cancel.yaml");
        cancels = RecordCollector.subscribe(broker.bootstrapServers(), hookstream.topics.cancels());
    }

    @AfterAll
    void stop() throws Exception {
        cancels.close();
        hookstream.close();
    }

    @Test
    void aCancelOverHttpStopsTheRunningHooksProcessTreeSkipsTheRestAndEndsTheRunCancelled() throws Exception {
        String runId = Hookstream.newRunId("cancel-http");
        hookstream.submitOnKafka(request(runId));
        long[] pids = awaitPids(runId + "-long");

        HttpResponse<String> response = hookstream.post(
                "/v1/runs/" + runId + "/cancel",
                "{\"reason\": \"backup aborted by the operator\", \"requestedBy\": \"ops\"}",
                Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(Hookstream.tree(response.body()).get("cancel").asText()).isEqualTo("Requested");
        JsonNode outcome = hookstream.awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
        assertThat(outcome.get("reason").asText()).isEqualTo("Cancelled");
        assertThat(outcome.get("message").asText())
                .contains(
                        "cancelled by ops: backup aborted by the operator",
                        "hook 'long' was stopped",
                        "1 hook skipped");
        assertThat(outcome.get("cancellation").get("requestedBy").asText()).isEqualTo("ops");
        JsonNode stopped = outcome.get("hooks").get(0);
        assertThat(stopped.get("status").asText()).isEqualTo("Cancelled");
        assertThat(stopped.get("reason").asText()).isEqualTo("Cancelled");
        JsonNode after = outcome.get("hooks").get(1);
        assertThat(after.get("status").asText()).isEqualTo("Skipped");
        assertThat(after.get("reason").asText()).isEqualTo("Cancelled");
        assertThat(Arrays.stream(pids))
                .as("the hook's shell and its child, once the run is Cancelled")
                .noneMatch(CancelIT::alive);
        assertThat(dir.resolve(runId + "-after.ran"))
                .as("the hook after the cancelled one")
                .doesNotExist();
        assertOneOutcomeAndOneResultPerHook(runId, 2);
    }

    @Test
    void cancellingTwiceIsOneCancel() throws Exception {
        String runId = Hookstream.newRunId("cancel-twice");
        hookstream.submitOnKafka(request(runId));
        awaitPids(runId + "-long");

        HttpResponse<String> first = hookstream.post("/v1/runs/" + runId + "/cancel", "", Map.of());
        HttpResponse<String> second =
                hookstream.post("/v1/runs/" + runId + "/cancel?wait=30s", "{\"reason\": \"again\"}", Map.of());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(second.statusCode())
                .as("the second cancel waited for the outcome: " + second.body())
                .isEqualTo(200);
        JsonNode answer = Hookstream.tree(second.body());
        assertThat(answer.get("status").asText()).isEqualTo("Cancelled");
        assertThat(answer.get("run").get("cancellation").has("reason"))
                .as("the first cancel had no reason")
                .isFalse();
        hookstream.awaitOutcome(runId);
        assertOneOutcomeAndOneResultPerHook(runId, 2);
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);
        assertThat(cancels.records().stream().filter(r -> runId.equals(r.key())).count())
                .as("cancels forwarded to the workers")
                .isEqualTo(1);
    }

    @Test
    void cancellingAFinishedRunChangesNothingAndSaysSo() {
        String runId = Hookstream.newRunId("cancel-late");
        hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("quick", "marker", Map.of("DIR", dir.toString(), "HOOK", runId + "-quick"))
                .json()
                .put("runId", runId));
        JsonNode outcome = hookstream.awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");

        HttpResponse<String> response = hookstream.post("/v1/runs/" + runId + "/cancel", "", Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = Hookstream.tree(response.body());
        assertThat(answer.get("cancel").asText()).isEqualTo("NotNeeded");
        assertThat(answer.get("message").asText()).contains("already finished Succeeded", "nothing to cancel");
        assertOneOutcomeAndOneResultPerHook(runId, 1);
        assertThat(cancels.records()).noneMatch(r -> runId.equals(r.key()));
    }

    @Test
    void aCancelOfAnUnknownRunOverHttpIsNotFound() {
        HttpResponse<String> response = hookstream.post("/v1/runs/no-such-run-42/cancel", "", Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("unknown", "nothing to cancel");
    }

    @Test
    void aCancelOnKafkaThatArrivesBeforeItsRunsRequestCancelsTheRunWhenItComes() {
        String runId = Hookstream.newRunId("cancel-early");
        PlainKafka.produce(
                hookstream.bootstrap(),
                hookstream.topics.requests(),
                runId,
                ("{\"runId\": \"" + runId + "\", \"reason\": \"session deleted\"}").getBytes(StandardCharsets.UTF_8),
                Map.of(
                        CloudEventHeaders.TYPE,
                        CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED,
                        CloudEventHeaders.SOURCE,
                        "/orchestrator/test"));
        hookstream.submitOnKafka(request(runId));

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Cancelled");
        assertThat(outcome.get("cancellation").get("requestedBy").asText()).isEqualTo("/orchestrator/test");
        assertThat(outcome.get("hooks")).allSatisfy(hook -> {
            assertThat(hook.get("status").asText()).isEqualTo("Skipped");
            assertThat(hook.get("reason").asText()).isEqualTo("Cancelled");
        });
        assertThat(dir.resolve(runId + "-long.pids")).as("nothing ran").doesNotExist();
        assertOneOutcomeAndOneResultPerHook(runId, 2);
    }

    @Test
    void aCancelRecordWithoutARunIdIsDeadLetteredWithTheReason() {
        int before = hookstream.deadLetters().size();
        PlainKafka.produce(
                hookstream.bootstrap(),
                hookstream.topics.requests(),
                "x",
                "{\"reason\": \"no id\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(CloudEventHeaders.TYPE, CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED));

        var letters = hookstream.awaitDeadLetters(before + 1);

        assertThat(new String(
                        letters.get(letters.size() - 1)
                                .headers()
                                .lastHeader(DeadLetterHeaders.REASON)
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("MalformedRecord");
    }

    private ObjectNode request(String runId) {
        return Requests.preBackup("demo")
                .hook("long", "cancellable", Map.of("DIR", dir.toString(), "HOOK", runId + "-long"))
                .hook("after", "marker", Map.of("DIR", dir.toString(), "HOOK", runId + "-after"))
                .json()
                .put("runId", runId);
    }

    private long[] awaitPids(String hook) throws Exception {
        Path file = dir.resolve(hook + ".pids");
        Awaitility.await(hook + " running")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(file) && Files.readString(file).trim().split(" ").length == 2);
        long[] pids = Arrays.stream(Files.readString(file).trim().split(" "))
                .mapToLong(Long::parseLong)
                .toArray();
        assertThat(Arrays.stream(pids)).allMatch(CancelIT::alive);
        return pids;
    }

    private void assertOneOutcomeAndOneResultPerHook(String runId, int hooks) {
        Awaitility.await()
                .pollDelay(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);
        assertThat(hookstream.outcomesOf(runId)).as("outcomes of " + runId).hasSize(1);
        List<JsonNode> results = hookstream.resultsOf(runId);
        assertThat(results.stream()
                        .map(r -> r.get("hookId").asText())
                        .distinct()
                        .count())
                .isEqualTo(hooks);
        assertThat(results).as("results of " + runId).hasSize(hooks);
    }

    /** Running: it exists and is no zombie (exited, waiting for its parent to reap it). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
