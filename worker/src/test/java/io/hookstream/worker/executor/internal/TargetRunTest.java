package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;
import io.hookstream.worker.executor.AttemptResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetRunTest {

    private final List<String> ran = new ArrayList<>();

    private Step step(String kind, StepOutcome outcome) {
        return new Step() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Future<StepOutcome> run(Deadline deadline, AbortSignal abort) {
                ran.add(kind);
                return Future.succeededFuture(outcome);
            }
        };
    }

    private static Deadline minute() {
        return Deadline.after(Duration.ofMinutes(1));
    }

    private static TargetRun.Result done(Future<TargetRun.Result> run) {
        assertThat(run.succeeded()).isTrue();
        return run.result();
    }

    @Test
    void stepsRunInOrderUntilTheFirstFailureWhichNamesTheTargetsError() {
        StepOutcome failed =
                StepOutcome.failed(Reasons.NON_ZERO_EXIT, "exit code 3").withProcessOutput(3, "out", "err");

        TargetRun.Result result = done(TargetRun.run(
                "pod/db-0",
                List.of(step("exec", failed), step("httpGet", StepOutcome.success())),
                minute(),
                new AbortSignal()));

        assertThat(ran).containsExactly("exec");
        assertThat(result.outcome()).isEqualTo(failed);
        assertThat(result.target().name()).isEqualTo("pod/db-0");
        assertThat(result.target().exitCode()).isEqualTo(3);
        assertThat(result.target().stdout()).isEqualTo("out");
        assertThat(result.target().error()).isEqualTo("exit code 3");
    }

    @Test
    void everyStepSucceedingGivesASuccessWithTheLastHttpStatus() {
        TargetRun.Result result = done(TargetRun.runOnly(
                "operator/host",
                List.of(
                        step("exec", StepOutcome.success().withProcessOutput(0, "ok", "")),
                        step("httpGet", StepOutcome.success().withHttpStatus(204))),
                minute(),
                new AbortSignal()));

        assertThat(ran).containsExactly("exec", "httpGet");
        AttemptResult alone = result.alone();
        assertThat(alone.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(alone.reason()).isNull();
        assertThat(alone.message()).isNull();
        assertThat(alone.targets()).singleElement().satisfies(target -> {
            assertThat(target.exitCode()).isZero();
            assertThat(target.httpStatus()).isEqualTo(204);
            assertThat(target.error()).isNull();
        });
    }

    @Test
    void anAbortedRunStartsNoStepAndOnlyOneOfSeveralTargetsIsNamedInTheMessage() {
        AbortSignal abort = new AbortSignal();
        abort.abort(Reasons.LEASE_LOST, "lease lost");
        List<Step> steps = List.of(step("tcpSocket", StepOutcome.success()));

        TargetRun.Result ofSeveral = done(TargetRun.run("pod/db-0", steps, minute(), abort));
        TargetRun.Result only = done(TargetRun.runOnly("operator/host", steps, minute(), abort));

        assertThat(ran).isEmpty();
        assertThat(ofSeveral.outcome().reason()).isEqualTo(Reasons.LEASE_LOST);
        assertThat(ofSeveral.outcome().message()).isEqualTo("lease lost; action.tcpSocket on pod/db-0 did not start");
        assertThat(only.outcome().message()).isEqualTo("lease lost; action.tcpSocket did not start");
        assertThat(only.alone().message()).isEqualTo(only.outcome().message());
    }

    @Test
    void aPassedDeadlineTimesTheTargetOutBeforeItsNextStep() {
        Deadline passed = new Deadline(Duration.ofSeconds(30), System.nanoTime() - 1);

        TargetRun.Result result = done(TargetRun.runOnly(
                "operator/host", List.of(step("exec", StepOutcome.success())), passed, new AbortSignal()));

        assertThat(ran).isEmpty();
        assertThat(result.outcome().status()).isEqualTo(HookStatus.TimedOut);
        assertThat(result.outcome().message()).isEqualTo("action.exec did not start: the 30s timeout had passed");
        assertThat(result.target().error()).isEqualTo(result.outcome().message());
    }
}
