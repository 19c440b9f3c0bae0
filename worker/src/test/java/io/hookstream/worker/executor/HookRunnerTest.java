package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.Executions.sh;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HookRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Fails until the counter file reaches 3, so the third attempt succeeds. */
    private static final String FAIL_TWICE = "n=$(cat \"$COUNTER\" 2>/dev/null || echo 0); n=$((n+1));"
            + " echo $n > \"$COUNTER\"; echo \"attempt $n\"; [ $n -ge 3 ]";

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.allExecutors();

    @TempDir
    Path temp;

    @Test
    void retriesUntilTheThirdAttemptSucceeds() throws IOException {
        Path counter = temp.resolve("counter");

        ExecutionReport report =
                await(FIXTURE.run(operator(sh(FAIL_TWICE), Map.of("COUNTER", counter.toString()), TIMEOUT, 5)));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(report.attempts()).isEqualTo(3);
        assertThat(report.reason()).isNull();
        assertThat(report.targets().get(0).stdout()).isEqualTo("attempt 3\n");
        assertThat(Files.readString(counter).strip()).isEqualTo("3");
    }

    @Test
    void permanentlyFailingCommandIsTriedOnePlusMaxRetryTimes() throws IOException {
        Path log = temp.resolve("log");

        ExecutionReport report = await(FIXTURE.run(operator(
                sh("echo try >> \"$LOG\"; echo nope >&2; exit 7"), Map.of("LOG", log.toString()), TIMEOUT, 2)));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(report.attempts()).isEqualTo(3);
        assertThat(Files.readAllLines(log)).hasSize(3);
        assertThat(report.targets().get(0).exitCode()).isEqualTo(7);
        assertThat(report.targets().get(0).stderr()).isEqualTo("nope\n");
    }

    @Test
    void noRetryWithoutMaxRetry() throws IOException {
        Path counter = temp.resolve("counter");

        ExecutionReport report =
                await(FIXTURE.run(operator(sh(FAIL_TWICE), Map.of("COUNTER", counter.toString()), TIMEOUT, 0)));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(Files.readString(counter).strip()).isEqualTo("1");
    }

    @Test
    void timedOutAttemptIsRetried() {
        ExecutionReport report =
                await(FIXTURE.run(operator(Executions.exec("sleep", "30"), Map.of(), Duration.ofMillis(300), 1)));

        assertThat(report.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(report.reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(Duration.between(report.startedAt(), report.finishedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void retriesWaitWithExponentialBackoff() {
        ExecutorOptions slowBackoff =
                new ExecutorOptions(2, 4096, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
        HookRunner backingOff = HookRunner.create(FIXTURE.vertx(), slowBackoff);
        try {
            ExecutionReport report = await(backingOff.run(operator(Executions.exec("false"), Map.of(), TIMEOUT, 3)));

            assertThat(report.attempts()).isEqualTo(4);
            // waits of 200, 300 (400 capped), 300 ms, each less at most 10 % jitter
            assertThat(Duration.between(report.startedAt(), report.finishedAt()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(720));
        } finally {
            await(backingOff.close());
        }
    }

    @Test
    void aRetryThatCouldNotEndByTheHooksDeadlineIsNotMadeAndTheLastFailureIsReported() throws IOException {
        Path log = temp.resolve("log");

        ExecutionReport report = failing(log, 3, Instant.now().plus(TIMEOUT.dividedBy(2)));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).as("the last attempt's own reason").isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(Files.readAllLines(log)).hasSize(1);
        assertThat(report.message()).contains("not retried", "could not end by the hook's deadline");
    }

    @Test
    void everyRetryIsMadeWhenTheDeadlineAllowsIt() throws IOException {
        Path log = temp.resolve("log");

        ExecutionReport report = failing(log, 2, Instant.now().plus(Duration.ofHours(1)));

        assertThat(report.attempts()).isEqualTo(3);
        assertThat(Files.readAllLines(log)).hasSize(3);
        assertThat(report.message()).doesNotContain("not retried");
    }

    @Test
    void podAndFunctionExecutorsAreNotSupportedWithoutKubernetes() {
        for (ExecutorType type : new ExecutorType[] {ExecutorType.Pod, ExecutorType.Function}) {
            ExecutionReport report =
                    await(FIXTURE.run(Executions.of(type, Executions.exec("true"), Map.of(), TIMEOUT, 3)));

            assertThat(report.status()).isEqualTo(HookStatus.Failed);
            assertThat(report.reason()).isEqualTo(Reasons.EXECUTOR_NOT_SUPPORTED);
            assertThat(report.message()).contains(type.name(), "HOOKSTREAM_KUBERNETES=true");
            assertThat(report.attempts())
                    .as("not retried: another attempt cannot change it")
                    .isEqualTo(1);
        }
    }

    @Test
    void executorTypeWithoutAnExecutorIsNotSupported() {
        HookRunner operatorOnly = new HookRunner(
                FIXTURE.vertx(),
                Map.of(
                        ExecutorType.Operator,
                        (execution, abort) ->
                                Future.succeededFuture(new AttemptResult(HookStatus.Succeeded, null, null, null))),
                Executions.fastOptions());

        ExecutionReport pod =
                await(operatorOnly.run(Executions.of(ExecutorType.Pod, Executions.exec("true"), Map.of(), TIMEOUT, 0)));
        ExecutionReport untyped =
                await(operatorOnly.run(Executions.of(null, Executions.exec("true"), Map.of(), TIMEOUT, 0)));

        assertThat(pod.reason()).isEqualTo(Reasons.EXECUTOR_NOT_SUPPORTED);
        assertThat(pod.message()).contains("Pod", "Operator");
        assertThat(untyped.status()).isEqualTo(HookStatus.Failed);
        assertThat(untyped.reason()).isEqualTo(Reasons.EXECUTOR_NOT_SUPPORTED);
    }

    @Test
    void missingExecutorIsInvalidAction() {
        Execution execution = new Execution(
                "run",
                "run/0",
                "hook",
                null,
                null,
                Executions.exec("true"),
                Map.of(),
                TIMEOUT,
                0,
                null,
                null,
                null,
                null);

        ExecutionReport report = await(FIXTURE.run(execution));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.message()).contains("executor");
    }

    @Test
    void invalidActionIsNotRetried() {
        ExecutionReport report =
                await(FIXTURE.run(operator(new HookAction(null, null, null, null, null), Map.of(), TIMEOUT, 3)));

        assertThat(report.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(report.attempts()).isEqualTo(1);
    }

    @Test
    void executorFaultsBecomeWorkerErrorAndAreRetried() {
        AtomicInteger calls = new AtomicInteger();
        HookRunner faulty = new HookRunner(
                FIXTURE.vertx(),
                Map.of(ExecutorType.Operator, (execution, abort) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("boom");
                    }
                    return Future.failedFuture(new IllegalStateException("bang"));
                }),
                Executions.fastOptions());

        ExecutionReport report = await(faulty.run(operator(Executions.exec("true"), Map.of(), TIMEOUT, 1)));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.WORKER_ERROR);
        assertThat(report.message()).contains("bang");
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void anAttemptThatNeverEndsIsReportedOnceAndNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        HookRunner hanging = new HookRunner(
                FIXTURE.vertx(),
                Map.of(ExecutorType.Operator, (execution, abort) -> {
                    calls.incrementAndGet();
                    return Promise.<AttemptResult>promise().future(); // never completes
                }),
                Executions.fastOptions(),
                Duration.ofMillis(100));

        ExecutionReport report =
                await(hanging.run(operator(Executions.exec("true"), Map.of(), Duration.ofMillis(200), 3)));

        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.WORKER_ERROR);
        assertThat(report.message()).contains("did not finish an attempt", "not retried");
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(calls)
                .as("its action may still run: a second attempt could overlap it")
                .hasValue(1);
    }

    @Test
    void nullTimeoutGetsTheDefault() {
        Duration[] seen = new Duration[1];
        HookRunner recording = new HookRunner(
                FIXTURE.vertx(),
                Map.of(ExecutorType.Operator, (execution, abort) -> {
                    seen[0] = execution.timeout();
                    return Future.succeededFuture(new AttemptResult(HookStatus.Succeeded, null, null, null));
                }),
                Executions.fastOptions());

        ExecutionReport report = await(recording.run(operator(Executions.exec("true"), Map.of(), null, 0)));

        assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(seen[0]).isEqualTo(ExecutorOptions.DEFAULT_ATTEMPT_TIMEOUT);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ExecutorOptions defaults = ExecutorOptions.defaults();

        assertThat(defaults.execPoolSize()).isEqualTo(16);
        assertThat(defaults.maxOutputBytes()).isEqualTo(4096);
        assertThat(defaults.retryBackoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.retryBackoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.killGracePeriod()).isEqualTo(Duration.ofSeconds(2));
    }

    /** Runs a command that appends to {@code log} and fails, with {@code maxRetry} and the hook's deadline. */
    private static ExecutionReport failing(Path log, int maxRetry, Instant deadline) {
        Execution e = operator(sh("echo try >> \"$LOG\"; exit 7"), Map.of("LOG", log.toString()), TIMEOUT, maxRetry);
        return await(FIXTURE.run(new Execution(
                e.runId(),
                e.hookId(),
                e.hookName(),
                e.session(),
                e.executor(),
                e.action(),
                e.params(),
                e.timeout(),
                e.maxRetry(),
                e.variables(),
                e.volumes(),
                e.volumeMounts(),
                e.runtimeSettings(),
                deadline)));
    }
}
