package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.Json;
import io.hookstream.testing.WithEmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookstream run} against a real dispatcher and worker on an embedded broker, over Kafka and HTTP; a second
 * dispatcher on other topics ({@code idle.}) has no worker, so its runs never finish.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandIT {

    private EmbeddedKafkaBroker broker;
    private RunStack stack;
    private RunStack idle;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        this.broker = broker;
        stack = RunStack.start(broker, "hookstream.", true);
        idle = RunStack.start(broker, "idle.", false);
    }

    @BeforeEach
    void clearOutput() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    @AfterAll
    void stop() throws Exception {
        if (idle != null) {
            idle.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(
                List.of("--bootstrap-servers", broker.bootstrapServers(), "--dispatcher-url", stack.dispatcherUrl()));
        all.addAll(List.of(args));
        return Cli.execute(new RunCommand(), new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    }

    private Path request(String runId, String hooks) throws IOException {
        return RequestFiles.write(dir, runId, hooks);
    }

    private static String id(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static final String ECHO =
            "{\"name\": \"echo\", \"hookTemplate\": {\"name\": \"exec-echo\"}, " + "\"params\": {\"WORD\": \"flush\"}}";
    private static final String FAIL = "{\"name\": \"fail\", \"hookTemplate\": {\"name\": \"exec-fail\"}}";

    @Test
    void aSucceedingRunWaitedForOnKafkaExitsZeroAndPrintsTheTable() throws IOException {
        String runId = id("ok");

        int exit = run("-f", request(runId, ECHO).toString(), "--wait", "60s");

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(runId);
        assertThat(lines.get(1)).matches("hook echo: Succeeded( in \\S+)?");
        assertThat(lines).contains("HOOK  STATUS     REASON  DURATION");
        assertThat(lines).anyMatch(line -> line.matches("echo  Succeeded  -       \\d+(ms|\\.\\ds)"));
        assertThat(lines.get(lines.size() - 1)).startsWith("run " + runId + " Succeeded");
    }

    @Test
    void aFailingHookExitsOneAndSkipsTheRest() throws IOException {
        String runId = id("fail");

        int exit = run("-f", request(runId, FAIL + ", " + ECHO).toString(), "--wait");

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString())
                .contains("hook fail: Failed (NonZeroExit)")
                .contains("hook echo: Skipped (PreviousHookFailed)")
                .contains("run " + runId + " Failed: HookFailed");
        assertThat(out.toString().lines()).anyMatch(line -> line.matches("fail\\s+Failed\\s+NonZeroExit\\s+\\S+"));
    }

    @Test
    void aRunThatDoesNotFinishInTimeExitsThreeAndSaysWhereToLookLater() throws IOException {
        String runId = id("slow");

        int exit = run("--topic-prefix", "idle.", "-f", request(runId, ECHO).toString(), "--wait", "2s");

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString().trim()).isEqualTo(runId);
        assertThat(err.toString())
                .contains("waiting for run " + runId + "... 1s (0 of 1 hooks finished)")
                .contains("hookstream run: run " + runId + " did not finish within 2s; it may still be running: "
                        + "see its state later with `hookstream runs get " + runId + "`");
    }

    @Test
    void theFlagsFormBuildsARequestTheDispatcherRuns() throws IOException {
        int exit = run(
                "--phase",
                "pre-backup",
                "--invoker",
                "demo/BackupConfiguration/mysql-backup",
                "--hook",
                "first=exec-echo",
                "--hook",
                "second=demo/exec-echo",
                "--param",
                "WORD=hi",
                "--wait",
                "60s",
                "--output",
                "json");

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode outcome = Json.mapper().readTree(lines.get(0));
        assertThat(outcome.at("/status").asText()).isEqualTo("Succeeded");
        assertThat(outcome.at("/runId").asText()).matches("[0-9a-f-]{36}");
        assertThat(outcome.at("/session/name").asText()).startsWith("mysql-backup-");
        assertThat(outcome.at("/invoker/kind").asText()).isEqualTo("BackupConfiguration");
        assertThat(outcome.at("/hooks/0/name").asText()).isEqualTo("first");
        assertThat(outcome.at("/hooks/1/template/namespace").asText()).isEqualTo("demo");
        assertThat(err.toString()).contains("hook first: Succeeded").contains("hook second: Succeeded");
    }

    @Test
    void anUnknownTemplateIsRejectedWithTheOutcomesReason() throws IOException {
        String runId = id("unknown");

        int exit = run(
                "-f",
                request(runId, "{\"name\": \"x\", \"hookTemplate\": {\"name\": \"no-such\"}}")
                        .toString(),
                "--wait",
                "60s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("run " + runId + " Rejected: TemplateNotFound")
                .contains("hooks[0].hookTemplate: HookTemplate demo/no-such not found");
    }

    @Test
    void overHttpASucceedingRunIsWaitedForByLongPolling() throws IOException {
        String runId = id("http-ok");

        int exit = run("--via", "http", "-f", request(runId, ECHO).toString(), "--wait", "60s");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .startsWith(runId + "\n")
                .contains("hook echo: Succeeded")
                .contains("run " + runId + " Succeeded");
    }

    @Test
    void overHttpARejectedRequestFailsAtOnceWithoutWaiting() throws IOException {
        String runId = id("http-rejected");

        int exit = run(
                "--via",
                "http",
                "-f",
                request(runId, "{\"name\": \"x\", \"hookTemplate\": {\"name\": " + "\"no-such\"}}")
                        .toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("run " + runId + " Rejected: TemplateNotFound");
    }

    @Test
    void withoutWaitOnlyTheRunIdIsPrinted() throws IOException {
        String runId = id("nowait");

        int exit = run("-f", request(runId, ECHO).toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo(runId + "\n");
    }

    @Test
    void anUnreachableDispatcherIsReportedInOneLine() throws IOException {
        int exit = Cli.execute(
                new RunCommand(),
                new PrintWriter(out),
                new PrintWriter(err),
                "--via",
                "http",
                "--dispatcher-url",
                "http://127.0.0.1:1",
                "-f",
                request(id("down"), ECHO).toString());

        assertThat(exit).isEqualTo(4);
        assertThat(err.toString().trim())
                .startsWith("hookstream run: cannot reach the dispatcher at " + "http://127.0.0.1:1")
                .endsWith("is it running? set --dispatcher-url, or use --via kafka");
    }
}
