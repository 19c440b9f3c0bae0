package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.loadtest.HookInvocationFigures;
import org.junit.jupiter.api.Test;

class HookInvocationsTest {

    private static HookInvocationFigures all(HookInvocations invocations) {
        return invocations.figures(id -> true);
    }

    @Test
    void oneInvocationPerHookIsNeitherStartedTwiceNorOverlapping() {
        HookInvocations invocations = new HookInvocations();
        invocations.started("lt-a-0000000/0").finished();
        invocations.started("lt-a-0000001/0").finished();

        HookInvocationFigures figures = all(invocations);

        assertThat(figures.hooksInvoked()).isEqualTo(2);
        assertThat(figures.startedTwice()).isZero();
        assertThat(figures.overlapping()).isZero();
        assertThat(figures.extraInvocations()).isZero();
        assertThat(figures.stillRunning()).isZero();
    }

    @Test
    void aSecondInvocationAfterTheFirstFinishedIsStartedTwiceButNotOverlapping() {
        HookInvocations invocations = new HookInvocations();
        invocations.started("lt-a-0000000/0").finished();
        invocations.started("lt-a-0000000/0").finished();
        invocations.started("lt-a-0000000/0").finished();

        HookInvocationFigures figures = all(invocations);

        assertThat(figures.startedTwice()).isEqualTo(1);
        assertThat(figures.extraInvocations()).isEqualTo(2);
        assertThat(figures.overlapping()).isZero();
        assertThat(figures.overlappingExamples()).isEmpty();
    }

    @Test
    void anInvocationThatBeginsWhileAnEarlierCopyIsStillRunningIsOverlapping() {
        HookInvocations invocations = new HookInvocations();
        HookInvocations.Running first = invocations.started("lt-a-0000007/0");
        HookInvocations.Running second = invocations.started("lt-a-0000007/0");
        first.finished();

        HookInvocationFigures figures = all(invocations);

        assertThat(figures.startedTwice()).isEqualTo(1);
        assertThat(figures.overlapping()).isEqualTo(1);
        assertThat(figures.overlappingExamples()).containsExactly("lt-a-0000007/0");
        assertThat(figures.stillRunning()).isEqualTo(1);
        second.finished();
        assertThat(all(invocations).stillRunning()).isZero();
    }

    @Test
    void finishingAnInvocationTwiceDoesNotHideACopyThatIsStillRunning() {
        HookInvocations invocations = new HookInvocations();
        HookInvocations.Running first = invocations.started("lt-a-0000000/0");
        first.finished();
        first.finished(); // answered, then its connection closed
        invocations.started("lt-a-0000000/0");
        invocations.started("lt-a-0000000/0");

        assertThat(all(invocations).overlapping()).isEqualTo(1);
    }

    @Test
    void onlyTheHooksOfTheMeasuredPassCountAndRequestsWithoutAHookIdAreUnidentified() {
        HookInvocations invocations = new HookInvocations();
        RunIds ids = new RunIds("lt-a-", 10, 1);
        invocations.started("ltw-a-0000000/0");
        invocations.started("ltw-a-0000000/0");
        invocations.started("lt-a-0000003/0").finished();
        invocations.started("").finished();
        invocations.started(null).finished();

        HookInvocationFigures figures = invocations.figures(id -> ids.hookIndex(id) >= 0);

        assertThat(figures.hooksInvoked()).isEqualTo(1);
        assertThat(figures.overlapping()).isZero();
        assertThat(figures.startedTwice()).isZero();
        assertThat(figures.unidentified()).isEqualTo(2);
    }

    @Test
    void examplesAreTheFirstFiveOverlappingHookIdsInOrder() {
        HookInvocations invocations = new HookInvocations();
        for (int run = 9; run >= 0; run--) {
            String id = "lt-a-000000" + run + "/0";
            invocations.started(id);
            invocations.started(id);
        }

        HookInvocationFigures figures = all(invocations);

        assertThat(figures.overlapping()).isEqualTo(10);
        assertThat(figures.overlappingExamples())
                .containsExactly(
                        "lt-a-0000000/0", "lt-a-0000001/0", "lt-a-0000002/0", "lt-a-0000003/0", "lt-a-0000004/0");
    }

    @Test
    void clearForgetsTheWarmUp() {
        HookInvocations invocations = new HookInvocations();
        invocations.started("lt-a-0000000/0");
        invocations.started("lt-a-0000000/0");
        invocations.started(null);

        invocations.clear();

        HookInvocationFigures figures = all(invocations);
        assertThat(figures.hooksInvoked()).isZero();
        assertThat(figures.overlapping()).isZero();
        assertThat(figures.unidentified()).isZero();
    }
}
