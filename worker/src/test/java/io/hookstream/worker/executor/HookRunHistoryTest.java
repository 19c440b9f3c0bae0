package io.hookstream.worker.executor;

import static io.hookstream.worker.executor.Executions.operator;
import static io.hookstream.worker.executor.TestVertx.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.AttemptRecord;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.ExecutorType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hook's report says how each attempt went and how long the worker waited before the next one. */
class HookRunHistoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AttemptResult FAILED = new AttemptResult(
            HookStatus.Failed,
            Reasons.NON_ZERO_EXIT,
            "exit code 1",
            List.of(new TargetResult("op", 1, null, null, null, null)));
    private static final AttemptResult SUCCEEDED = new AttemptResult(
            HookStatus.Succeeded, null, null, List.of(new TargetResult("op", 0, null, null, null, null)));

    @RegisterExtension
    static final RunnerFixture FIXTURE = RunnerFixture.allExecutors();

    @Test
    void aFailedFirstAttemptThenASuccessAreTwoRecordsWithTheBackoffOnTheFirst() {
        AtomicInteger calls = new AtomicInteger();
        HookRunner runner = runner(
                new ExecutorOptions(2, 4096, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(300)),
                (execution, abort) -> Future.succeededFuture(calls.incrementAndGet() == 1 ? FAILED : SUCCEEDED));
        try {
            ExecutionReport report = await(runner.run(operator(Executions.exec("true"), Map.of(), TIMEOUT, 3)));

            assertThat(report.status()).isEqualTo(HookStatus.Succeeded);
            assertThat(report.omittedAttempts()).isZero();
            assertThat(report.history()).hasSize(2);
            AttemptRecord first = report.history().get(0);
            AttemptRecord second = report.history().get(1);
            assertThat(first.number()).isEqualTo(1);
            assertThat(first.status()).isEqualTo(HookStatus.Failed);
            assertThat(first.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
            assertThat(first.backoffMs()).as("200 ms less at most 10 % jitter").isBetween(180L, 200L);
            assertThat(first.startedAt()).isAfterOrEqualTo(report.startedAt());
            assertThat(second.number()).isEqualTo(2);
            assertThat(second.status()).isEqualTo(HookStatus.Succeeded);
            assertThat(second.reason()).isNull();
            assertThat(second.backoffMs()).as("no attempt after the last").isNull();
            assertThat(second.startedAt())
                    .as("the second attempt starts after the first and its backoff")
                    .isAfterOrEqualTo(first.startedAt().plusMillis(first.durationMs() + first.backoffMs()));
            assertThat(second.startedAt().plusMillis(second.durationMs())).isBeforeOrEqualTo(report.finishedAt());
        } finally {
            await(runner.close());
        }
    }

    @Test
    void aLongHistoryKeepsTheFirstThreeAndTheLastSevenAttemptsAndCountsTheRest() {
        ExecutionReport report = await(FIXTURE.run(operator(Executions.exec("false"), Map.of(), TIMEOUT, 14)));

        assertThat(report.attempts()).isEqualTo(15);
        assertThat(report.history())
                .extracting(AttemptRecord::number)
                .containsExactly(1, 2, 3, 9, 10, 11, 12, 13, 14, 15);
        assertThat(report.omittedAttempts()).isEqualTo(5);
        assertThat(report.history()).allSatisfy(a -> assertThat(a.status()).isEqualTo(HookStatus.Failed));
        assertThat(report.history().subList(0, 9))
                .allSatisfy(a -> assertThat(a.backoffMs()).isPositive());
        assertThat(report.history().get(9).backoffMs()).isNull();
    }

    @Test
    void anAttemptStoppedByACancelIsRecordedCancelled() {
        AtomicInteger calls = new AtomicInteger();
        Promise<AttemptResult> second = Promise.promise();
        HookRunner runner = runner(Executions.fastOptions(), (execution, abort) -> {
            if (calls.incrementAndGet() == 1) {
                return Future.succeededFuture(FAILED);
            }
            abort.onAbort(() -> second.tryComplete(
                    new AttemptResult(HookStatus.Cancelled, Reasons.CANCELLED, "stopped", List.of())));
            return second.future();
        });
        try {
            RunningHook hook = runner.start(operator(Executions.exec("true"), Map.of(), TIMEOUT, 3));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 2);

            await(hook.abort(Reasons.CANCELLED, "run cancelled"));

            ExecutionReport report = await(hook.report());
            assertThat(report.status()).isEqualTo(HookStatus.Cancelled);
            assertThat(report.history()).extracting(AttemptRecord::number).containsExactly(1, 2);
            assertThat(report.history().get(0).backoffMs()).isPositive();
            assertThat(report.history().get(1).status()).isEqualTo(HookStatus.Cancelled);
            assertThat(report.history().get(1).reason()).isEqualTo(Reasons.CANCELLED);
            assertThat(report.history().get(1).backoffMs()).isNull();
        } finally {
            await(runner.close());
        }
    }

    @Test
    void aCancelDuringTheBackoffLeavesTheLastAttemptWithoutABackoff() {
        AtomicInteger calls = new AtomicInteger();
        HookRunner runner = runner(
                new ExecutorOptions(2, 4096, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300)),
                (execution, abort) -> {
                    calls.incrementAndGet();
                    return Future.succeededFuture(FAILED);
                });
        try {
            RunningHook hook = runner.start(operator(Executions.exec("true"), Map.of(), TIMEOUT, 3));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 1);

            await(hook.abort(Reasons.CANCELLED, "run cancelled"));

            ExecutionReport report = await(hook.report());
            assertThat(report.status()).isEqualTo(HookStatus.Cancelled);
            assertThat(report.history()).singleElement().satisfies(only -> {
                assertThat(only.status()).isEqualTo(HookStatus.Failed);
                assertThat(only.backoffMs()).as("no attempt came after it").isNull();
            });
        } finally {
            await(runner.close());
        }
    }

    @Test
    void anAttemptThatFaultsIsRecordedAsAWorkerError() {
        HookRunner runner = runner(
                Executions.fastOptions(), (execution, abort) -> Future.failedFuture(new IllegalStateException("x")));
        try {
            ExecutionReport report = await(runner.run(operator(Executions.exec("true"), Map.of(), TIMEOUT, 1)));

            assertThat(report.history())
                    .extracting(AttemptRecord::number, AttemptRecord::status, AttemptRecord::reason)
                    .containsExactly(
                            Tuple.tuple(1, HookStatus.Failed, Reasons.WORKER_ERROR),
                            Tuple.tuple(2, HookStatus.Failed, Reasons.WORKER_ERROR));
        } finally {
            await(runner.close());
        }
    }

    private static HookRunner runner(ExecutorOptions options, ActionExecutor executor) {
        return new HookRunner(FIXTURE.vertx(), Map.of(ExecutorType.Operator, executor), options);
    }
}
