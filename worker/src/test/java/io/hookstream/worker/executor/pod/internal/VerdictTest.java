package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.internal.StepOutcome;
import io.hookstream.worker.executor.internal.TargetRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static TargetRun.Result result(String pod, StepOutcome outcome) {
        return TargetRun.notRun(pod, outcome);
    }

    @Test
    void aFailureOutranksATimeoutAndEveryPodIsNamed() {
        AttemptResult verdict = Verdict.of(List.of(
                result("pod/a", StepOutcome.timedOut("a was slow")),
                result("pod/b", StepOutcome.success()),
                result("pod/c", StepOutcome.failed(Reasons.NON_ZERO_EXIT, "c exited 1"))));

        assertThat(verdict.status()).isEqualTo(HookStatus.Failed);
        assertThat(verdict.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(verdict.message()).contains("2 of 3 pods", "pod/a: a was slow", "pod/c: c exited 1");
        assertThat(verdict.targets()).extracting(TargetResult::name).containsExactly("pod/a", "pod/b", "pod/c");
    }

    @Test
    void onlyTimeoutsGiveTimedOut() {
        AttemptResult verdict = Verdict.of(
                List.of(result("pod/a", StepOutcome.timedOut("slow")), result("pod/b", StepOutcome.success())));

        assertThat(verdict.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(verdict.reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
    }

    @Test
    void oneFailedPodKeepsItsOwnReasonAndMessage() {
        AttemptResult verdict =
                Verdict.of(List.of(result("pod/a", StepOutcome.failed(Reasons.HTTP_STATUS, "returned 500"))));

        assertThat(verdict.reason()).isEqualTo(Reasons.HTTP_STATUS);
        assertThat(verdict.message()).isEqualTo("returned 500");
        assertThat(verdict.targets())
                .singleElement()
                .extracting(TargetResult::error)
                .isEqualTo("returned 500");
    }
}
