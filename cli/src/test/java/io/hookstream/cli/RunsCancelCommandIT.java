package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.Json;
import io.hookstream.testing.WithEmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookstream runs cancel} against a real dispatcher and worker on an embedded broker: the hook {@code long}
 * ({@code exec-sleep}, a real {@code sleep 120} run by the Operator executor) is stopped, over HTTP and over Kafka;
 * finished and unknown runs are refused with exit code 1; {@code run --wait} of a cancelled run exits 1 and shows
 * the Cancelled hooks.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsCancelCommandIT {

    private static final String PREFIX = "cancel-cli.";
    private static final String LONG = "{\"name\": \"long\", \"hookTemplate\": {\"name\": \"exec-sleep\"}}";
    private static final String AFTER = "{\"name\": \"after\", \"hookTemplate\": {\"name\": \"exec-echo\"}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaBroker broker;
    private RunStack stack;

    @TempDir
    Path dir;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        this.broker = broker;
        stack = RunStack.start(broker, PREFIX, true);
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private List<String> connection() {
        return List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--topic-prefix",
                PREFIX,
                "--dispatcher-url",
                stack.dispatcherUrl());
    }

    private CapturedRun cancel(String... args) {
        List<String> all = new ArrayList<>(List.of("cancel"));
        all.addAll(connection());
        all.addAll(List.of(args));
        return CapturedRun.of(new RunsCommand(), all.toArray(String[]::new));
    }

    private CapturedRun run(String... args) {
        List<String> all = new ArrayList<>(connection());
        all.addAll(List.of(args));
        return CapturedRun.of(new RunCommand(), all.toArray(String[]::new));
    }

    private String request(String runId, String hooks) throws IOException {
        return RequestFiles.write(dir, runId, hooks).toString();
    }

    private static String id(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Submits a run of {@code long} then {@code after} and waits until {@code long} runs on the worker. */
    private String startLongRun(String hint) throws IOException {
        String runId = id(hint);
        CapturedRun submitted = run("-f", request(runId, LONG + ", " + AFTER));
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        awaitHook(runId, "Running");
        return runId;
    }

    private void awaitHook(String runId, String status) {
        Awaitility.await("hook long of " + runId + " " + status)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(view(runId).at("/hooks/0/status").asText()));
    }

    private JsonNode view(String runId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.dispatcherUrl() + "/v1/runs/" + runId))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                ? Json.mapper().readTree(response.body())
                : Json.mapper().createObjectNode();
    }

    @Test
    void overHttpWithWaitTheRunningHookIsStoppedTheRestSkippedAndTheCommandExitsZero() throws IOException {
        String runId = startLongRun("http");

        CapturedRun cancelled =
                cancel(runId, "--via", "http", "--reason", "backup aborted", "--requested-by", "ops", "--wait", "60s");

        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        List<String> lines = cancelled.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("cancel requested for run " + runId
                        + " (hook 'long' is running; it is stopped, the hooks after it skipped)");
        assertThat(lines)
                .anyMatch(line -> line.matches("hook long: Cancelled in \\S+: .+"))
                .contains("hook after: Skipped (Cancelled)")
                .anyMatch(line -> line.matches("long\\s+Cancelled\\s+Cancelled\\s+\\S+"))
                .anyMatch(line -> line.matches("after\\s+Skipped\\s+Cancelled\\s+-"));
        assertThat(lines.get(lines.size() - 1))
                .startsWith("run " + runId + " Cancelled: cancelled by ops: backup "
                        + "aborted; hook 'long' was stopped; 1 hook skipped (");
    }

    @Test
    void overKafkaWithWaitTheRunIsCancelledByTheOsUser() throws IOException {
        String runId = startLongRun("kafka");

        CapturedRun cancelled = cancel(runId, "--wait", "60s");

        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        List<String> lines = cancelled.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("cancel of run " + runId + " published on " + PREFIX + "requests (no "
                        + "hook of it has finished in the last 24h: if it runs its first hook, that hook is stopped; if no "
                        + "such run was submitted, the dispatcher keeps the cancel for its run-retention and cancels the run"
                        + " should its request come)");
        assertThat(lines)
                .anyMatch(line -> line.startsWith("hook long: Cancelled"))
                .contains("hook after: Skipped (Cancelled)");
        assertThat(lines.get(lines.size() - 1))
                .startsWith("run " + runId + " Cancelled: cancelled by " + System.getProperty("user.name")
                        + "; hook 'long' was stopped; 1 hook skipped (");
    }

    @Test
    void overKafkaWithoutWaitItSaysTheCancelWasPublishedAndHowToFollowIt() throws IOException {
        String runId = startLongRun("nowait");

        CapturedRun cancelled = cancel(runId, "-o", "json");

        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        JsonNode record = Json.mapper().readTree(cancelled.out());
        assertThat(record.path("runId").asText()).isEqualTo(runId);
        assertThat(record.path("cancel").asText()).isEqualTo("Published");
        assertThat(record.path("message").asText())
                .startsWith("cancel of run " + runId + " published on " + PREFIX + "requests");
        assertThat(record.has("run"))
                .as("nothing is known of the run over Kafka")
                .isFalse();
        assertThat(cancelled.err()).contains("follow it with `hookstream runs get " + runId + "`");
        Awaitility.await("the run Cancelled")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "Cancelled".equals(view(runId).path("status").asText()));
        CapturedRun got = CapturedRun.of(
                new RunsCommand(),
                "get",
                runId,
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--topic-prefix",
                PREFIX);
        assertThat(got.out())
                .contains("STATUS    Cancelled (cancelled by " + System.getProperty("user.name")
                        + "; hook 'long' was stopped; 1 hook skipped)")
                .contains("CANCEL    cancelled by ");
    }

    @Test
    void aRepeatedCancelIsOneCancelAndAlsoExitsZero() throws IOException {
        String runId = startLongRun("twice");

        CapturedRun first = cancel(runId, "--via", "http", "--reason", "first");
        CapturedRun second = cancel(runId, "--via", "http", "--reason", "second", "--wait", "60s");
        Awaitility.await("the outcome on " + PREFIX + "runs")
                .atMost(Duration.ofSeconds(30))
                .until(() -> CapturedRun.of(
                                new RunsCommand(),
                                "get",
                                runId,
                                "--bootstrap-servers",
                                broker.bootstrapServers(),
                                "--topic-prefix",
                                PREFIX)
                        .out()
                        .contains("STATUS    Cancelled"));
        CapturedRun third = cancel(runId);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("cancel requested for run " + runId);
        // requested again while the first is on its way, being cancelled, or Cancelled already: all end Cancelled
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out())
                .containsPattern(
                        "run " + runId + " (Cancelled: cancelled by \\S+: first|already " + "finished Cancelled at )");
        assertThat(third.exitCode()).as(third.out() + third.err()).isZero();
        assertThat(third.out().trim())
                .matches("run " + runId + " already finished Cancelled at \\S+: nothing to " + "cancel");
    }

    @Test
    void aFinishedRunIsNotCancelledAndTheCommandExitsOneOverHttpAndKafka() throws Exception {
        String runId = id("done");
        CapturedRun done = run("-f", request(runId, AFTER), "--wait", "60s");
        assertThat(done.exitCode()).as(done.err()).isZero();

        CapturedRun overHttp = cancel(runId, "--via", "http");
        CapturedRun overKafka = cancel(runId);

        String nothingToCancel = "run " + runId + " already finished Succeeded at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:"
                + "\\d\\dZ: nothing to cancel";
        assertThat(overHttp.exitCode()).isEqualTo(1);
        assertThat(overHttp.out().trim()).matches(nothingToCancel);
        assertThat(overKafka.exitCode()).isEqualTo(1);
        assertThat(overKafka.out().trim()).matches(nothingToCancel);
        assertThat(view(runId).has("cancellation")).as("nothing was published").isFalse();
    }

    @Test
    void anUnknownRunOverHttpExitsOne() {
        CapturedRun cancelled = cancel("no-such-run-" + UUID.randomUUID(), "--via", "http");

        assertThat(cancelled.exitCode()).isEqualTo(1);
        assertThat(cancelled.out()).isEmpty();
        assertThat(cancelled.err())
                .startsWith("hookstream runs cancel: run no-such-run-")
                .contains("is unknown", "nothing to cancel");
    }

    @Test
    void anUnknownRunOverKafkaCannotBeToldFromOneThatHasNotStartedSoTheWaitRunsOut() {
        String runId = id("unknown");

        CapturedRun cancelled = cancel(runId, "--wait", "3s");

        assertThat(cancelled.exitCode()).isEqualTo(3);
        assertThat(cancelled.out()).startsWith("cancel of run " + runId + " published");
        assertThat(cancelled.err())
                .contains("hookstream runs cancel: run " + runId + " did not end within 3s of the"
                        + " cancel; the cancel stands");
    }

    @Test
    void runWaitOfARunThatIsCancelledExitsOneAndShowsTheCancelledHooks() throws Exception {
        String runId = id("run-wait");
        CompletableFuture<CapturedRun> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return run("-f", request(runId, LONG + ", " + AFTER), "--via", "http", "--wait", "90s");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitHook(runId, "Running");

        CapturedRun cancelled = cancel(runId, "--via", "http", "--reason", "stop it");
        CapturedRun waited = waiting.get(90, TimeUnit.SECONDS);

        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(waited.exitCode()).as(waited.err()).isEqualTo(1);
        assertThat(waited.out())
                .contains("hook after: Skipped (Cancelled)")
                .contains("run " + runId + " Cancelled: cancelled by " + System.getProperty("user.name")
                        + ": stop it; hook 'long' was stopped; 1 hook skipped");
        assertThat(waited.out().lines()).anyMatch(line -> line.matches("hook long: Cancelled in \\S+: .+"));
    }

    @Test
    void anUnreachableDispatcherExitsFour() {
        CapturedRun cancelled = CapturedRun.of(
                new RunsCommand(), "cancel", "some-run", "--via", "http", "--dispatcher-url", "http://127.0.0.1:1");

        assertThat(cancelled.exitCode()).isEqualTo(4);
        assertThat(cancelled.err())
                .startsWith("hookstream runs cancel: cannot reach the dispatcher at " + "http://127.0.0.1:1");
    }
}
