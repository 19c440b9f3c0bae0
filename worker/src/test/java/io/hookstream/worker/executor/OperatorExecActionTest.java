package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.exec;
import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.Executions.sh;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OperatorExecActionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<String, String> WORKER_ENVIRONMENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "HOME", "/root",
            "LANG", "C.UTF-8",
            "SECRET_TOKEN", "worker-secret",
            "KAFKA_PASSWORD", "worker-password");

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.operator(WORKER_ENVIRONMENT);

    @TempDir
    Path temp;

    private static ExecutionReport run(HookAction action) {
        return run(action, Map.of());
    }

    private static ExecutionReport run(HookAction action, Map<String, String> params) {
        return await(FIXTURE.run(operator(action, params, TIMEOUT, 0)));
    }

    private static TargetResult target(ExecutionReport report) {
        assertThat(report.targets()).hasSize(1);
        return report.targets().get(0);
    }

    @Test
    void execSucceedsWithStdoutCaptured() {
        ExecutionReport report = run(sh("echo hello from the hook; echo warning >&2"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(report.reason()).isNull();
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(report.startedAt()).isBeforeOrEqualTo(report.finishedAt());
        TargetResult target = target(report);
        assertThat(target.name()).isEqualTo("operator/test");
        assertThat(target.exitCode()).isZero();
        assertThat(target.stdout()).isEqualTo("hello from the hook\n");
        assertThat(target.stderr()).isEqualTo("warning\n");
        assertThat(target.error()).isNull();
    }

    @Test
    void nonZeroExitFailsWithCodeAndStderr() {
        ExecutionReport report = run(sh("echo 'pg_dump: connection refused' >&2; exit 3"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(report.message()).contains("code 3");
        TargetResult target = target(report);
        assertThat(target.exitCode()).isEqualTo(3);
        assertThat(target.stderr()).isEqualTo("pg_dump: connection refused\n");
        assertThat(target.error()).isEqualTo(report.message());
    }

    @Test
    void outputTailIsCappedAtFourKibibytes() {
        // 100 000 bytes of digits ending in a recognisable line
        ExecutionReport report =
                run(sh("i=0; while [ $i -lt 10000 ]; do echo 123456789; i=$((i+1)); done;" + " echo THE-END"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        String stdout = target(report).stdout();
        assertThat(stdout.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(4096);
        assertThat(stdout.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4000);
        assertThat(stdout).startsWith("…").endsWith("123456789\nTHE-END\n");
    }

    @Test
    void paramsArriveAsEnvironmentVariables() {
        ExecutionReport report = run(
                exec("printenv", "DATABASE", "HOOKSTREAM_RUN_ID", "HOOKSTREAM_HOOK_NAME"),
                Map.of("DATABASE", "orders"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(target(report).stdout())
                .isEqualTo("orders\n" + Executions.RUN_ID + "\n" + Executions.HOOK_NAME + "\n");
    }

    @Test
    void paramFullOfShellMetacharactersArrivesAsData() {
        Path pwned = temp.resolve("pwned");
        String value = "x; touch " + pwned + " $(id) `id` && touch " + pwned + " | cat";

        ExecutionReport viaPrintenv = run(exec("printenv", "EVIL"), Map.of("EVIL", value));
        ExecutionReport viaShell = run(sh("printf '%s' \"$EVIL\""), Map.of("EVIL", value));

        assertThat(viaPrintenv.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(target(viaPrintenv).stdout()).isEqualTo(value + "\n");
        assertThat(viaShell.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(target(viaShell).stdout()).isEqualTo(value);
        assertThat(pwned).doesNotExist();
    }

    @Test
    void commandIsArgvWithoutAShell() {
        ExecutionReport report = run(exec("echo", "$HOME", "a;b", "`id`"));

        assertThat(target(report).stdout()).isEqualTo("$HOME a;b `id`\n");
    }

    @Test
    void environmentHoldsOnlyAllowedWorkerVariablesAndParams() {
        ExecutionReport report = run(exec("env"), Map.of("BUCKET", "s3://backups"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        Map<String, String> seen = parseEnv(target(report).stdout());
        assertThat(seen.keySet())
                .containsExactlyInAnyOrder(
                        "PATH", "HOME", "LANG", "BUCKET", "HOOKSTREAM_RUN_ID", "HOOKSTREAM_HOOK_NAME");
        assertThat(seen).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin").containsEntry("BUCKET", "s3://backups");
        assertThat(target(report).stdout()).doesNotContain("worker-secret", "worker-password");
    }

    @Test
    void realWorkerEnvironmentDoesNotLeak() {
        OperatorExecutor executor = new OperatorExecutor(FIXTURE.vertx(), Executions.fastOptions());
        try {
            AttemptResult result = await(executor.attempt(operator(exec("env"), Map.of("P", "1"), TIMEOUT, 0)));

            assertThat(result.status()).isEqualTo(HookStatus.Succeeded);
            Set<String> allowed = Set.of(
                    "PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "P", "HOOKSTREAM_RUN_ID", "HOOKSTREAM_HOOK_NAME");
            Map<String, String> seen = parseEnv(result.targets().get(0).stdout());
            assertThat(allowed).containsAll(seen.keySet());
            assertThat(seen).containsKeys("P", "HOOKSTREAM_RUN_ID");
            assertThat(System.getenv().keySet().stream().filter(name -> !allowed.contains(name)))
                    .as("the JVM has variables of its own that must stay hidden")
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(seen).doesNotContainKey(name));
            assertThat(result.targets().get(0).name()).startsWith("operator/");
        } finally {
            await(executor.close());
        }
    }

    @Test
    void workingDirectoryIsFreshAndDeletedAfterTheAttempt() throws IOException {
        ExecutionReport first = run(sh("pwd; ls -A | wc -l; touch left-behind"));
        ExecutionReport second = run(exec("pwd"));

        String[] lines = target(first).stdout().split("\n");
        Path firstDirectory = Path.of(lines[0]);
        assertThat(lines[1].trim()).isEqualTo("0");
        assertThat(firstDirectory).doesNotExist();
        assertThat(Path.of(target(second).stdout().strip()))
                .isNotEqualTo(firstDirectory)
                .doesNotExist();
    }

    @Test
    void commandReadingStdinSeesEndOfInput() {
        ExecutionReport report = run(exec("cat"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(target(report).stdout()).isEmpty();
    }

    @Test
    void missingProgramFailsWithExecFailed() {
        ExecutionReport report = run(exec("/nonexistent/hookstream-no-such-program", "arg"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.EXEC_FAILED);
        assertThat(report.message()).contains("/nonexistent/hookstream-no-such-program", "No such file");
    }

    @Test
    void programWithoutExecutePermissionFailsWithExecFailed() throws IOException {
        Path script = Files.writeString(temp.resolve("not-executable.sh"), "#!/bin/sh\necho hi\n");

        ExecutionReport report = run(exec(script.toString()));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.EXEC_FAILED);
        assertThat(report.message()).contains("Permission denied");
    }

    @Test
    void timeoutKillsCommandAndItsChildren() throws IOException {
        Path pids = temp.resolve("pids");
        String script = "sh -c 'sleep 300 & echo $! >> \"$PIDS\"; wait' & echo $! >> \"$PIDS\";"
                + " sleep 300 & echo $! >> \"$PIDS\"; wait";

        ExecutionReport report =
                await(FIXTURE.run(operator(sh(script), Map.of("PIDS", pids.toString()), Duration.ofSeconds(1), 0)));

        assertThat(report.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(report.reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(report.message()).contains("1s");
        assertThat(report.attempts()).isEqualTo(1);
        List<Long> children = Pids.read(pids);
        assertThat(children).as("child, grandchild and second child").hasSize(3);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(children)
                        .allSatisfy(pid -> assertThat(Pids.running(pid))
                                .as("process %d alive", pid)
                                .isFalse()));
    }

    @Test
    void timeoutForceKillsATreeThatIgnoresSigterm() throws IOException {
        Path pids = temp.resolve("pids");
        String script = "trap '' TERM; sleep 300 & echo $! >> \"$PIDS\"; echo $$ >> \"$PIDS\"; wait; wait; wait";

        ExecutionReport report =
                await(FIXTURE.run(operator(sh(script), Map.of("PIDS", pids.toString()), Duration.ofMillis(500), 0)));

        assertThat(report.status()).isEqualTo(HookStatus.TimedOut);
        List<Long> tree = Pids.read(pids);
        assertThat(tree).hasSize(2);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(tree)
                        .allSatisfy(pid -> assertThat(Pids.running(pid))
                                .as("process %d alive", pid)
                                .isFalse()));
    }

    @Test
    void emptyCommandIsInvalidAction() {
        ExecutionReport report = run(new HookAction(new ExecAction(List.of()), null, null, null, null));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("action.exec.command");
    }

    @Test
    void emptyActionIsInvalidAction() {
        ExecutionReport report = run(new HookAction(null, null, null, null, "app"));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("action is empty");
    }

    private static Map<String, String> parseEnv(String output) {
        return Arrays.stream(output.split("\n"))
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }
}
