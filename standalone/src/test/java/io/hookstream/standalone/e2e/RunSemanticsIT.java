package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Run semantics end to end: hook order, Skipped after a failure, executionPolicy, idempotency, usage policies. */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSemanticsIT {

    private Hookstream hookstream;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "exec.yaml", "policies.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
    }

    @Test
    void hooksOfOneRunExecuteInListOrder() throws Exception {
        Path file = tmp.resolve("order");
        Requests request = Requests.preBackup("demo");
        for (int i = 1; i <= 5; i++) {
            request.hook("step-" + i, "append-marker", Map.of("FILE", file.toString(), "MARK", "m" + i));
        }
        String runId = hookstream.submitOnKafka(request.json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        assertThat(Files.readAllLines(file)).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(hookstream.resultsOf(runId))
                .extracting(r -> r.get("hookName").asText())
                .containsExactly("step-1", "step-2", "step-3", "step-4", "step-5");
    }

    @Test
    void aFailedHookSkipsTheRestAndFailsTheRun() throws Exception {
        Path file = tmp.resolve("skip");
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("first", "append-marker", Map.of("FILE", file.toString(), "MARK", "first"))
                .hook("breaks", "exec-fail", null)
                .hook("never-1", "append-marker", Map.of("FILE", file.toString(), "MARK", "never"))
                .hook("never-2", "append-marker", Map.of("FILE", file.toString(), "MARK", "never"))
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Failed");
        assertThat(outcome.get("hooks"))
                .extracting(h -> h.get("status").asText())
                .containsExactly("Succeeded", "Failed", "Skipped", "Skipped");
        assertThat(outcome.get("hooks").get(2).get("reason").asText()).isEqualTo("PreviousHookFailed");
        assertThat(Files.readAllLines(file)).containsExactly("first");
        assertThat(hookstream.resultsOf(runId))
                .extracting(r -> r.get("status").asText())
                .containsExactly("Succeeded", "Failed", "Skipped", "Skipped");
    }

    @ParameterizedTest(name = "session {0}: Always runs, OnSuccess {1}, OnFailure {2}")
    @CsvSource({"Succeeded, Succeeded, Skipped", "Failed, Skipped, Succeeded"})
    void executionPolicyComparesWithTheSessionPhase(String sessionPhase, String onSuccess, String onFailure)
            throws Exception {
        Path file = tmp.resolve("policy-" + sessionPhase);
        String runId = hookstream.submitOnKafka(Requests.postBackup("demo", sessionPhase)
                .hook(
                        "always",
                        "append-marker",
                        null,
                        Map.of("FILE", file.toString(), "MARK", "always"),
                        null,
                        null,
                        "Always")
                .hook(
                        "on-success",
                        "append-marker",
                        null,
                        Map.of("FILE", file.toString(), "MARK", "on-success"),
                        null,
                        null,
                        "OnSuccess")
                .hook(
                        "on-failure",
                        "append-marker",
                        null,
                        Map.of("FILE", file.toString(), "MARK", "on-failure"),
                        null,
                        null,
                        "OnFailure")
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        assertThat(outcome.get("hooks"))
                .extracting(h -> h.get("status").asText())
                .containsExactly("Succeeded", onSuccess, onFailure);
        String ran = onSuccess.equals("Succeeded") ? "on-success" : "on-failure";
        assertThat(Files.readAllLines(file)).containsExactly("always", ran);
    }

    @Test
    void onSuccessWithoutASessionStatusIsRejected() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("x", "for-everyone", null, null, null, null, "OnSuccess")
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("problems").get(0).get("field").asText()).isEqualTo("session.status.phase");
    }

    @Test
    void aRepeatedRunIdRunsOnce() throws Exception {
        Path file = tmp.resolve("once");
        ObjectNode request = Requests.preBackup("demo")
                .hook("mark", "append-marker", Map.of("FILE", file.toString(), "MARK", "ran"))
                .json();
        request.put("runId", Hookstream.newRunId("repeat"));
        String runId = hookstream.submitOnKafka(request.deepCopy());
        hookstream.awaitOutcome(runId);

        hookstream.submitOnKafka(request.deepCopy());
        hookstream.submitOnKafka(request.deepCopy());
        var http = hookstream.post("/v1/runs", request.toString(), Map.of("content-type", "application/json"));
        String marker = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("x", "for-everyone", null).json());
        hookstream.awaitOutcome(marker);

        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(Hookstream.tree(http.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(Files.readAllLines(file)).containsExactly("ran");
        assertThat(hookstream.outcomesOf(runId)).hasSize(1);
        assertThat(hookstream.resultsOf(runId)).hasSize(1);
    }

    @ParameterizedTest(name = "{0} from namespace {1}: {2}")
    @CsvSource({
        "same-only, demo, Succeeded",
        "same-only, prod, Rejected",
        "default-policy, demo, Succeeded",
        "default-policy, staging, Rejected",
        "for-everyone, anywhere, Succeeded",
        "production-labels, prod, Succeeded",
        "production-labels, staging, Rejected",
        "production-labels, undeclared, Rejected",
        "named-namespaces, prod, Succeeded",
        "named-namespaces, staging, Succeeded",
        "named-namespaces, demo, Rejected"
    })
    void usagePolicyDecidesWhichNamespacesMayUseATemplate(String template, String namespace, String expected) {
        String runId = hookstream.submitOnKafka(Requests.preBackup(namespace)
                .hook("h", template, "demo", null, null, null, null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo(expected);
        if (expected.equals("Rejected")) {
            assertThat(outcome.get("reason").asText()).isEqualTo("NamespaceNotAllowed");
            assertThat(outcome.get("message").asText()).contains(namespace);
            assertThat(hookstream.resultsOf(runId)).isEmpty();
        }
    }

    @Test
    void runsExecuteConcurrently() {
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runIds.add(hookstream.submitOnKafka(
                    Requests.preBackup("demo").hook("x", "for-everyone", null).json()));
        }
        Awaitility.await("20 outcomes")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runIds)
                        .allSatisfy(id -> assertThat(hookstream.outcomesOf(id)).hasSize(1)));
        assertThat(runIds)
                .allSatisfy(id -> assertThat(
                                hookstream.outcomesOf(id).get(0).get("status").asText())
                        .isEqualTo("Succeeded"));
    }

    @Test
    void requestKeyedByRunIdWithCloudEventsHeadersIsAccepted() {
        String runId = Hookstream.newRunId("ce");
        ObjectNode request =
                Requests.preBackup("demo").hook("x", "for-everyone", null).json();
        PlainKafka.produce(
                hookstream.bootstrap(),
                hookstream.topics.requests(),
                runId,
                Hookstream.bytes(request),
                Map.of(
                        "ce_specversion",
                        "1.0",
                        "ce_id",
                        runId,
                        "ce_type",
                        "io.hookstream.run.requested",
                        "ce_source",
                        "/orchestrator/test",
                        "content-type",
                        "application/json"));

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
    }

    @Test
    void aKafkaRequestWithAnInvalidRunIdIsRejectedUnderThatIdNamingTheFieldAndRunsNothing() {
        Path file = tmp.resolve("invalid-id-kafka");
        String runId = "not a valid id! " + Hookstream.newRunId("x");
        ObjectNode request = markerRequest(file, runId);
        // keyed otherwise: moved once to the partition its (invalid) id hashes to, then rejected there
        PlainKafka.produce(
                hookstream.bootstrap(), hookstream.topics.requests(), "k", Hookstream.bytes(request), Map.of());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("runId").asText()).isEqualTo(runId);
        assertThat(outcome.get("problems")).anySatisfy(problem -> {
            assertThat(problem.get("field").asText()).isEqualTo("runId");
            assertThat(problem.get("reason").asText()).isEqualTo("InvalidRequest");
        });
        assertThat(hookstream.resultsOf(runId)).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void aRequestRejectedOverHttpForItsRunIdIsRejectedOnKafkaTooAndRunsNothing() {
        Path file = tmp.resolve("invalid-id-http");
        String runId = "bad/id " + Hookstream.newRunId("x");
        ObjectNode request = markerRequest(file, runId);

        var http = hookstream.post("/v1/runs", request.toString(), Map.of("content-type", "application/json"));

        assertThat(http.statusCode()).as(http.body()).isBetween(400, 499);
        assertThat(Hookstream.tree(http.body()).get("problems"))
                .anySatisfy(problem -> assertThat(problem.get("field").asText()).isEqualTo("runId"));
        // the API publishes what it answers for: the dispatcher's Kafka side reaches the same verdict
        JsonNode outcome = hookstream.awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("problems"))
                .anySatisfy(problem -> assertThat(problem.get("field").asText()).isEqualTo("runId"));
        assertThat(file).doesNotExist();
    }

    @Test
    void aRunIdTooLongToKeyAnOutcomeIsDeadLetteredWithoutBeingQuoted() {
        String marker = Hookstream.newRunId("long");
        String runId = (marker + "-").repeat(10_240 / (marker.length() + 1) + 1);
        ObjectNode request =
                Requests.preBackup("demo").hook("x", "for-everyone", null).json();
        request.put("runId", runId);

        PlainKafka.produce(
                hookstream.bootstrap(), hookstream.topics.requests(), "k", Hookstream.bytes(request), Map.of());

        var letter = Awaitility.await("the dead letter")
                .atMost(Hookstream.OUTCOME_TIMEOUT)
                .until(
                        () -> hookstream.deadLetters().stream()
                                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(PlainKafka.header(letter, "hookstream.dlq.reason")).isEqualTo("MalformedRecord");
        assertThat(PlainKafka.header(letter, "hookstream.dlq.message"))
                .contains("runId", "more than 1024")
                .doesNotContain(marker)
                .hasSizeLessThan(300);
        assertThat(hookstream.runRecords())
                .noneMatch(r -> r.key() != null && r.key().contains(marker));
    }

    /** A request whose one hook appends to {@code file}: the file exists only if it ran. */
    private static ObjectNode markerRequest(Path file, String runId) {
        ObjectNode request = Requests.preBackup("demo")
                .hook("mark", "append-marker", Map.of("FILE", file.toString(), "MARK", "ran"))
                .json();
        request.put("runId", runId);
        return request;
    }
}
