package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The dispatcher's HTTP API: submit, long-poll, rejections that name the field, templates, health, reload. */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiIT {

    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private Hookstream hookstream;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "exec.yaml", "policies.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
    }

    @Test
    void postAcceptsARunAndGetWithWaitReturnsItsOutcome() {
        HttpResponse<String> posted = hookstream.post(
                "/v1/runs",
                Requests.preBackup("demo")
                        .hook("echo", "exec-echo", Map.of("WORD", "hi"))
                        .json()
                        .toString(),
                JSON);

        assertThat(posted.statusCode()).isEqualTo(202);
        String runId = Hookstream.tree(posted.body()).get("runId").asText();
        assertThat(runId).isNotBlank();
        assertThat(posted.headers().firstValue("location")).contains("/v1/runs/" + runId);

        HttpResponse<String> waited = hookstream.get("/v1/runs/" + runId + "?wait=30s");

        assertThat(waited.statusCode()).isEqualTo(200);
        JsonNode run = Hookstream.tree(waited.body());
        assertThat(run.get("status").asText()).isEqualTo("Succeeded");
        assertThat(run.get("hooks").get(0).get("status").asText()).isEqualTo("Succeeded");
        JsonNode hook = run.get("hooks").get(0);
        assertThat(hook.get("attempts").asInt()).isEqualTo(1);
        assertThat(hook.get("executor").asText()).isEqualTo("Operator");
        assertThat(hook.get("action").get("exec").get("command").get(2).asText())
                .startsWith("echo out:'hi';");
        assertThat(hook.get("targets").get(0).get("exitCode").asInt()).isZero();
        assertThat(hook.get("targets").get(0).get("stdout").asText()).isEqualTo("out:hi\nenv:hi\n");
        assertThat(hook.get("history")).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("number").asInt()).isEqualTo(1);
            assertThat(attempt.get("status").asText()).isEqualTo("Succeeded");
            assertThat(attempt.has("backoffMs")).isFalse();
        });
        assertThat(hook.has("dispatchedAt")).isTrue();
        assertThat(Instant.parse(hook.get("finishedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(hook.get("startedAt").asText()));
        assertThat(hookstream.awaitOutcome(runId).get("hooks").get(0))
                .as("the outcome on the runs topic is the view")
                .isEqualTo(hook);
    }

    @Test
    void getWithoutWaitShowsARunningRun() throws Exception {
        Path counter = Files.createTempFile("hang", ".pids");
        HttpResponse<String> posted = hookstream.post(
                "/v1/runs",
                Requests.preBackup("demo")
                        .hook("hang", "exec-hang", null, Map.of("PIDS", counter.toString()), 0, "2s", null)
                        .json()
                        .toString(),
                JSON);
        String runId = Hookstream.tree(posted.body()).get("runId").asText();

        JsonNode running = Hookstream.tree(hookstream.get("/v1/runs/" + runId).body());

        assertThat(running.get("status").asText()).isEqualTo("Running");
        assertThat(running.get("hooks").get(0).get("status").asText()).isIn("Pending", "Running");
        JsonNode done =
                Hookstream.tree(hookstream.get("/v1/runs/" + runId + "?wait=1m").body());
        assertThat(done.get("status").asText()).isEqualTo("Failed");
        assertThat(done.get("hooks").get(0).get("status").asText()).isEqualTo("TimedOut");
    }

    @Test
    void malformedBodyAnswers400() {
        HttpResponse<String> answer = hookstream.post("/v1/runs", "{not json", JSON);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Hookstream.tree(answer.body()).get("error").asText()).contains("not JSON");
    }

    @Test
    void invalidFieldAnswers400NamingTheFieldAndPublishesARejectedOutcome() {
        ObjectNode request =
                Requests.preBackup("demo").hook("echo", "exec-echo", null).json();
        ((ObjectNode) request.get("hooks").get(0)).put("maxRetry", -1);
        request.put("runId", Hookstream.newRunId("bad-retry"));

        HttpResponse<String> answer = hookstream.post("/v1/runs", request.toString(), JSON);

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode body = Hookstream.tree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("Rejected");
        assertThat(body.get("problems").get(0).get("field").asText()).isEqualTo("hooks[0].maxRetry");
        JsonNode outcome = hookstream.awaitOutcome(request.get("runId").asText());
        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
    }

    @Test
    void unknownFieldAnswers400NamingIt() {
        ObjectNode request =
                Requests.preBackup("demo").hook("echo", "exec-echo", null).json();
        ((ObjectNode) request.get("hooks").get(0)).put("maxRetries", 2);

        HttpResponse<String> answer = hookstream.post("/v1/runs", request.toString(), JSON);

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode problem = Hookstream.tree(answer.body()).get("problems").get(0);
        assertThat(problem.get("field").asText()).isEqualTo("hooks[0].maxRetries");
        assertThat(problem.get("message").asText()).contains("unknown field");
    }

    @Test
    void rejectionsAnswerWithAStatusThatFitsTheReason() {
        assertThat(hookstream
                        .post(
                                "/v1/runs",
                                Requests.preBackup("demo")
                                        .hook("x", "nope", null)
                                        .json()
                                        .toString(),
                                JSON)
                        .statusCode())
                .isEqualTo(404);
        assertThat(hookstream
                        .post(
                                "/v1/runs",
                                Requests.preBackup("staging")
                                        .hook("x", "production-labels", "demo", null, null, null, null)
                                        .json()
                                        .toString(),
                                JSON)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> missing = hookstream.post(
                "/v1/runs",
                Requests.preBackup("demo")
                        .hook("x", "exec-argv", Map.of("OUT", "/tmp/x"))
                        .json()
                        .toString(),
                JSON);
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("VALUE");
    }

    @Test
    void unknownRunAnswers404() {
        assertThat(hookstream.get("/v1/runs/never-submitted").statusCode()).isEqualTo(404);
    }

    @Test
    void aPathThatIsNoRunIdAnswers404NamingTheRuleWithoutWaiting() {
        var answer = hookstream.get("/v1/runs/..%2F..%2Fetc?wait=30s");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("not a valid run id", "\"error\"");
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        String huge = "{\"phase\":\"pre-backup\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(hookstream.post("/v1/runs", huge, JSON).statusCode()).isEqualTo(413);
    }

    @Test
    void templatesListsTheLoadedTemplatesAndHealthIsUp() {
        JsonNode templates = Hookstream.tree(hookstream.get("/v1/templates").body());
        assertThat(templates.get("templates"))
                .extracting(t -> t.get("metadata").get("name").asText())
                .contains("exec-echo", "same-only", "named-namespaces");
        assertThat(templates.get("namespaces").has("prod")).isTrue();

        HttpResponse<String> health = hookstream.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Hookstream.tree(health.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsAndHealthEndpointsReportWhatHappened() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("echo", "exec-echo", null).json());
        hookstream.awaitOutcome(runId);

        Awaitility.await("metrics").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = hookstream.get("/metrics").body();
            assertThat(metrics)
                    .contains("hookstream_runs_total{reason=\"\",status=\"Succeeded\"}")
                    .contains("hookstream_hooks_finished_total{executor=\"Operator\"")
                    .contains("hookstream_hook_duration_seconds_bucket")
                    .contains("hookstream_in_flight{component=\"worker\"")
                    .contains("hookstream_consumer_lag{component=\"dispatcher\"")
                    .contains("hookstream_paused_partitions");
        });
        assertThat(hookstream.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(hookstream.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(hookstream.get(hookstream.workerHttpPort(), "/health/ready").statusCode())
                .isEqualTo(200);
        assertThat(hookstream.get(hookstream.workerHttpPort(), "/metrics").body())
                .contains("hookstream_hooks_started_total");
    }

    @Test
    void templateDirectoryIsReloadedOnChangeAndABadFileKeepsTheGoodOnes() throws Exception {
        Files.writeString(hookstream.templates.resolve("added.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: added-later, namespace: demo}
                spec:
                  usagePolicy: {allowedNamespaces: {from: All}}
                  action: {exec: {command: ["/bin/true"]}}
                  executor: {type: Operator}
                """);
        Files.writeString(hookstream.templates.resolve("broken.yaml"), """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: broken, namespace: demo}
                spec:
                  action: {exec: {command: ["/bin/true"]}
                  executor: {type: Operator}
                """);

        Awaitility.await("reload").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode templates = Hookstream.tree(hookstream.get("/v1/templates").body());
            assertThat(templates.get("templates"))
                    .extracting(t -> t.get("metadata").get("name").asText())
                    .contains("added-later", "exec-echo");
            assertThat(templates.get("problems").toString()).contains("broken.yaml");
        });
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("x", "added-later", null).json());
        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
    }
}
