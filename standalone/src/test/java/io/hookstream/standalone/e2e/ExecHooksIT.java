package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Exec hooks end to end through Kafka: success, failure, data-safe params, timeouts, retries, rendering. */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecHooksIT {

    private Hookstream hookstream;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "exec.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
    }

    @Test
    void execHookSucceedsAndItsOutputReachesTheResult() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("echo", "exec-echo", Map.of("WORD", "flush"))
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        assertThat(outcome.get("phase").asText()).isEqualTo("pre-backup");
        assertThat(outcome.get("invoker").get("name").asText()).isEqualTo("mysql-backup");
        assertThat(outcome.get("hooks").get(0).get("status").asText()).isEqualTo("Succeeded");
        JsonNode result = hookstream.resultsOf(runId).get(0);
        assertThat(result.get("status").asText()).isEqualTo("Succeeded");
        assertThat(result.get("executorType").asText()).isEqualTo("Operator");
        assertThat(result.get("attempts").asInt()).isEqualTo(1);
        assertThat(result.get("startedAt").asText()).isNotBlank();
        assertThat(result.get("targets").get(0).get("exitCode").asInt()).isZero();
        assertThat(result.get("targets").get(0).get("stdout").asText()).contains("out:flush", "env:flush");
    }

    @Test
    void nonZeroExitFailsTheRunWithStderrCaptured() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("fail", "exec-fail", null).json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Failed");
        assertThat(outcome.get("reason").asText()).isEqualTo("HookFailed");
        JsonNode result = hookstream.resultsOf(runId).get(0);
        assertThat(result.get("status").asText()).isEqualTo("Failed");
        assertThat(result.get("reason").asText()).isEqualTo("NonZeroExit");
        JsonNode target = result.get("targets").get(0);
        assertThat(target.get("exitCode").asInt()).isEqualTo(3);
        assertThat(target.get("stderr").asText()).contains("disk full");
        assertThat(target.get("stdout").asText()).contains("before-failing");
    }

    @Test
    void paramFullOfShellMetacharactersReachesTheCommandAsData() throws Exception {
        Path pwned = tmp.resolve("pwned");
        String nasty = "x; touch " + pwned + " $(touch " + pwned + ") `touch " + pwned + "` ' \" \\ $HOME";
        Path out = tmp.resolve("argv-test");
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("argv", "exec-argv", Map.of("VALUE", nasty, "OUT", out.toString()))
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("Succeeded");
        assertThat(Files.readString(Path.of(out + ".argv")).strip())
                .as("templated argument")
                .isEqualTo(nasty);
        assertThat(Files.readString(Path.of(out + ".env")).strip())
                .as("environment variable")
                .isEqualTo(nasty);
        assertThat(Files.readString(Path.of(out + ".script")).strip())
                .as("templated into the sh -c script")
                .isEqualTo(nasty);
        assertThat(pwned).doesNotExist();
    }

    @Test
    void timeoutKillsAHangingCommandAndItsChildren() throws Exception {
        Path pids = tmp.resolve("pids");
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("hang", "exec-hang", null, Map.of("PIDS", pids.toString()), 0, "1s", null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Failed");
        JsonNode result = hookstream.resultsOf(runId).get(0);
        assertThat(result.get("status").asText()).isEqualTo("TimedOut");
        assertThat(result.get("reason").asText()).isEqualTo("DeadlineExceeded");
        List<Long> processes = Files.readAllLines(pids).stream()
                .map(String::strip)
                .map(Long::parseLong)
                .toList();
        assertThat(processes).hasSize(3);
        Awaitility.await("hook process tree gone")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(processes)
                        .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                        .map(ProcessHandle::isAlive)
                                        .orElse(false))
                                .as("pid " + pid + " alive")
                                .isFalse()));
    }

    @Test
    void maxRetryCountsAttemptsUntilSuccess() throws Exception {
        Path counter = tmp.resolve("counter-success");
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook(
                        "flaky",
                        "exec-count",
                        null,
                        Map.of("COUNTER", counter.toString(), "SUCCEED_AT", "3"),
                        4,
                        "10s",
                        null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        assertThat(outcome.get("hooks").get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(Files.readAllLines(counter)).hasSize(3);
    }

    @Test
    void maxRetryGivesUpAfterOnePlusMaxRetryAttempts() throws Exception {
        Path counter = tmp.resolve("counter-fail");
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("broken", "exec-count", null, Map.of("COUNTER", counter.toString()), 2, "10s", null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Failed");
        assertThat(hookstream.resultsOf(runId).get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(Files.readAllLines(counter)).hasSize(3);
    }

    @Test
    void templateExpressionsRenderTheSessionSummaryAndParams() {
        String runId = hookstream.submitOnKafka(Requests.postBackup("demo", "Failed")
                .hook("summary", "exec-summary", Map.of("TAG", "nightly"))
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Succeeded");
        assertThat(hookstream
                        .resultsOf(runId)
                        .get(0)
                        .get("targets")
                        .get(0)
                        .get("stdout")
                        .asText()
                        .strip())
                .isEqualTo("mysql-backup-1732665600|demo|BackupConfiguration/mysql-backup|mysql|Failed|1m3s|"
                        + "snapshot failed: quota|NIGHTLY|\"nightly\"");
    }

    @Test
    void defaultParamValueIsAppliedWhenTheRequestOmitsIt() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("echo", "exec-echo", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
        assertThat(hookstream
                        .resultsOf(runId)
                        .get(0)
                        .get("targets")
                        .get(0)
                        .get("stdout")
                        .asText())
                .contains("out:hello", "env:hello");
    }

    @Test
    void unknownTemplateExpressionRejectsTheRunNamingIt() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("bad", "exec-bad-expression", null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("reason").asText()).isEqualTo("InvalidTemplateExpression");
        assertThat(outcome.get("message").asText()).contains(".Nmae");
        assertThat(hookstream.resultsOf(runId)).isEmpty();
    }

    @Test
    void missingRequiredParamRejectsTheRunNamingIt() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("argv", "exec-argv", Map.of("OUT", "/tmp/x"))
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("reason").asText()).isEqualTo("MissingParam");
        assertThat(outcome.get("problems").get(0).get("field").asText())
                .contains("hooks[0]")
                .contains("VALUE");
    }

    @Test
    void unknownParamRejectsTheRun() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("echo", "exec-echo", Map.of("WORD", "a", "WROD", "b"))
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("reason").asText()).isEqualTo("UnknownParam");
        assertThat(outcome.get("problems").get(0).get("field").asText()).contains("WROD");
    }

    @Test
    void unknownTemplateRejectsTheRun() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("x", "no-such-template", null).json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("reason").asText()).isEqualTo("TemplateNotFound");
        assertThat(outcome.get("problems").get(0).get("field").asText()).isEqualTo("hooks[0].hookTemplate");
        assertThat(outcome.get("message").asText()).contains("demo/no-such-template");
    }

    @Test
    void podExecutorAnswersExecutorNotSupportedWithoutCrashingTheWorker() {
        String runId = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("pod", "pod-hook", null).json());

        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Failed");
        assertThat(hookstream.resultsOf(runId).get(0).get("reason").asText()).isEqualTo("ExecutorNotSupported");

        String after = hookstream.submitOnKafka(
                Requests.preBackup("demo").hook("echo", "exec-echo", null).json());
        assertThat(hookstream.awaitOutcome(after).get("status").asText()).isEqualTo("Succeeded");
    }
}
