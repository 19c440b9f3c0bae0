package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.exec;
import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.Executions.sh;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunningHook#abort}: what it stops, when it completes, and what the report then says. */
class HookRunnerAbortTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Writes its pid and its child's, then waits for the child (300 s). */
    private static final String RUNS_LONG = "echo $$ >> \"$PIDS\"; sleep 300 & echo $! >> \"$PIDS\"; wait";

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.allExecutors();

    @TempDir
    Path temp;

    private RunningHook startLong(Path pids, int maxRetry) throws Exception {
        RunningHook hook = FIXTURE.start(operator(sh(RUNS_LONG), Map.of("PIDS", pids.toString()), TIMEOUT, maxRetry));
        await().atMost(Duration.ofSeconds(20)).until(() -> Pids.read(pids).size() == 2);
        return hook;
    }

    @Test
    void abortStopsTheRunningExecAndReportsTheReason() throws Exception {
        Path pids = temp.resolve("pids");
        RunningHook hook = startLong(pids, 3);

        await(hook.abort(Reasons.LEASE_LOST, "worker-1 lost its lease on hook run-1/0"));

        List<Long> tree = Pids.read(pids);
        assertThat(tree)
                .as("abort completes only once the command and its child are gone")
                .allSatisfy(pid ->
                        assertThat(Pids.running(pid)).as("process %d runs", pid).isFalse());
        ExecutionReport report = await(hook.report());
        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.LEASE_LOST);
        assertThat(report.message())
                .startsWith("worker-1 lost its lease on hook run-1/0; action.exec was stopped")
                .contains("SIGTERM");
        assertThat(report.attempts())
                .as("the stopped attempt counts, no retry follows")
                .isEqualTo(1);
        assertThat(report.targets())
                .singleElement()
                .satisfies(target -> assertThat(target.exitCode())
                        .as("the stopped command's exit code is reported")
                        .isNotNull());
    }

    @Test
    void abortDuringTheRetryBackoffMakesNoFurtherAttempt() {
        Path counter = temp.resolve("counter");
        ExecutorOptions slowBackoff =
                new ExecutorOptions(2, 4096, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(300));
        HookRunner backingOff = HookRunner.create(FIXTURE.vertx(), slowBackoff);
        try {
            RunningHook hook = backingOff.start(
                    operator(sh("echo x >> \"$COUNTER\"; exit 1"), Map.of("COUNTER", counter.toString()), TIMEOUT, 3));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(counter));

            await(hook.abort(Reasons.CANCELLED, "run cancelled by the orchestrator"));

            ExecutionReport report = await(hook.report());
            assertThat(report.status()).isEqualTo(HookStatus.Cancelled);
            assertThat(report.reason()).isEqualTo(Reasons.CANCELLED);
            assertThat(report.message()).isEqualTo("run cancelled by the orchestrator");
            assertThat(report.attempts()).isEqualTo(1);
            assertThat(report.targets())
                    .singleElement()
                    .satisfies(target -> assertThat(target.exitCode())
                            .as("the last attempt's target")
                            .isEqualTo(1));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> Files.readAllLines(counter).size() == 1);
        } finally {
            await(backingOff.close());
        }
    }

    @Test
    void abortOfAFinishedHookChangesNothing() {
        RunningHook hook = FIXTURE.start(operator(exec("true"), TIMEOUT));
        ExecutionReport report = await(hook.report());

        await(hook.abort(Reasons.LEASE_LOST, "too late"));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(await(hook.report())).isSameAs(report);
    }

    @Test
    void aSecondAbortIsTheFirstOne() throws Exception {
        Path pids = temp.resolve("pids");
        RunningHook hook = startLong(pids, 0);

        Future<Void> first = hook.abort(Reasons.LEASE_LOST, "lease lost");
        Future<Void> second = hook.abort(Reasons.CANCELLED, "cancelled");
        await(first);
        await(second);

        ExecutionReport report = await(hook.report());
        assertThat(report.reason()).isEqualTo(Reasons.LEASE_LOST);
        assertThat(report.message()).startsWith("lease lost");
        assertThat(Pids.read(pids))
                .allSatisfy(pid -> assertThat(Pids.running(pid)).isFalse());
    }

    @Test
    void abortRightAfterStartLeavesNothingRunning() throws Exception {
        Path pids = temp.resolve("pids");
        RunningHook hook = FIXTURE.start(operator(sh(RUNS_LONG), Map.of("PIDS", pids.toString()), TIMEOUT, 2));

        await(hook.abort(Reasons.CANCELLED, "cancelled at once"));

        ExecutionReport report = await(hook.report());
        assertThat(report.status()).isEqualTo(HookStatus.Cancelled);
        assertThat(report.reason()).isEqualTo(Reasons.CANCELLED);
        assertThat(report.attempts()).isLessThanOrEqualTo(1);
        assertThat(Pids.read(pids))
                .allSatisfy(pid -> assertThat(Pids.running(pid)).isFalse());
    }

    @Test
    void abortNeedsAReasonCode() {
        RunningHook hook = FIXTURE.start(operator(exec("true"), TIMEOUT));

        Assertions.assertThatThrownBy(() -> hook.abort(" ", "no reason"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThat(await(hook.report()).status()).isEqualTo(HookStatus.Succeeded);
    }
}
