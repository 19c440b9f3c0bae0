package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookstream.loadtest.PassFigures;
import org.junit.jupiter.api.Test;

class TrackerTest {

    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void latencyCountsFromTheIntendedSendTimeSoAStalledSenderCannotHideDelay() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 2, 1));
        // run 1 was due at T0 + 1 ms but went out only at T0 + 40 ms (coordinated omission)
        tracker.onSent(0, T0, T0);
        tracker.onSent(1, T0 + MS, T0 + 40 * MS);
        tracker.onResult(0, T0 + 5 * MS, null, -1);
        tracker.onResult(1, T0 + 46 * MS, null, -1);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.latency().max()).isCloseTo(45.0, within(0.1));
        assertThat(figures.latency().p50()).isCloseTo(5.0, within(0.1));
    }

    @Test
    void aSecondResultForAHookIsADuplicateAndDoesNotCountAsLatency() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 1, 1));
        tracker.onSent(0, T0, T0);
        tracker.onResult(0, T0 + 2 * MS, null, -1);
        tracker.onResult(0, T0 + 900 * MS, null, -1);
        tracker.onResult(0, T0 + 901 * MS, null, -1);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.duplicated()).isEqualTo(1);
        assertThat(figures.duplicateResultRecords()).isEqualTo(2);
        assertThat(figures.results()).isEqualTo(1);
        assertThat(figures.latency().max()).isCloseTo(2.0, within(0.01));
    }

    @Test
    void hooksWithoutAResultAreLostAndThoseNeverOnTheHookTopicAreUndispatched() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 3, 1));
        for (int run = 0; run < 3; run++) {
            tracker.onSent(run, T0, T0);
        }
        tracker.onHookEvent(0);
        tracker.onHookEvent(1);
        tracker.onHookEvent(1);
        tracker.onResult(0, T0 + MS, null, -1);
        tracker.onOutcome(0, T0 + 2 * MS, "Succeeded", null);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.lost()).isEqualTo(2);
        assertThat(figures.undispatched()).isEqualTo(1);
        assertThat(figures.lostExamples()).containsExactly("lt-x-0000001/0", "lt-x-0000002/0");
        assertThat(figures.hookEventsDuplicated()).isEqualTo(1);
        assertThat(figures.runsLost()).isEqualTo(2);
        assertThat(tracker.complete()).isFalse();
    }

    @Test
    void laterHooksOfARunCountFromThePreviousHooksResult() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 1, 3));
        tracker.onSent(0, T0, T0);
        tracker.onResult(0, T0 + 10 * MS, null, -1);
        tracker.onResult(1, T0 + 13 * MS, null, -1);
        tracker.onResult(2, T0 + 17 * MS, null, -1);
        tracker.onOutcome(0, T0 + 20 * MS, "Succeeded", null);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.latency().max()).isCloseTo(10.0, within(0.01));
        assertThat(figures.latency().count()).isEqualTo(3);
        assertThat(figures.runLatency().max()).isCloseTo(20.0, within(0.02));
        assertThat(tracker.complete()).isTrue();
    }

    @Test
    void throughputIsFirstResultsPerSecondFromTheFirstSendToTheLastResult() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 100, 1));
        for (int run = 0; run < 100; run++) {
            tracker.onSent(run, T0 + run * MS, T0 + run * MS);
        }
        for (int hook = 0; hook < 100; hook++) {
            tracker.onResult(hook, T0 + 250 * MS + hook * 2_500_000L, null, -1);
        }
        tracker.onResult(7, T0 + 5_000 * MS, null, -1); // a late duplicate does not stretch the window

        PassFigures figures = tracker.snapshot(false);

        // 100 results between T0 and T0 + 497.5 ms
        assertThat(figures.throughputPerSec()).isCloseTo(201.0, within(0.5));
        assertThat(figures.offeredHooksPerSec()).isCloseTo(1000.0, within(0.5));
    }

    @Test
    void overheadIsLatencyMinusTheActionsOwnTime() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 1, 1));
        tracker.onSent(0, T0, T0);
        tracker.onResult(0, T0 + 58 * MS, null, 50_000);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.action().max()).isCloseTo(50.0, within(0.05));
        assertThat(figures.overhead().max()).isCloseTo(8.0, within(0.01));
    }

    @Test
    void failedHooksAreCountedByStatusAndReasonAndTheFirstRunProblemIsKept() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 2, 1));
        tracker.onSent(0, T0, T0);
        tracker.onSent(1, T0, T0);
        tracker.onResult(0, T0 + MS, "Failed/NonZeroExit", -1);
        tracker.onResult(1, T0 + MS, "Failed/NonZeroExit", -1);
        tracker.onOutcome(0, T0 + MS, "Rejected", "Rejected: hooks[0].hookTemplate: not found");
        tracker.onOutcome(1, T0 + MS, "Rejected", "second");

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.failed()).isEqualTo(2);
        assertThat(figures.failures()).containsEntry("Failed/NonZeroExit", 2);
        assertThat(figures.runOutcomes()).containsEntry("Rejected", 2);
        assertThat(figures.firstProblem()).contains("not found");
    }

    @Test
    void recordTimestampsSplitTheLatencyIntoDispatchWorkerAndDelivery() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 1, 1));
        long sentNanos = System.nanoTime();
        long sentMillis = System.currentTimeMillis();
        tracker.onSent(0, sentNanos, sentNanos);
        tracker.onHookEvent(0, sentMillis + 7);
        tracker.onResult(0, sentNanos + 30 * MS, null, 1_000, sentMillis + 25);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.stages().toDispatch().p50()).isCloseTo(7.0, within(1.01));
        assertThat(figures.stages().inWorker().p50()).isCloseTo(18.0, within(0.05));
        assertThat(figures.stages().toTool().p50()).isCloseTo(5.0, within(1.01));
    }

    @Test
    void withAColdWindowTheHooksStartedInItAreReportedApartFromTheRest() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 4, 1), java.time.Duration.ofSeconds(30));
        tracker.onSent(0, T0, T0);
        tracker.onSent(1, T0 + 29_000 * MS, T0 + 29_000 * MS);
        tracker.onSent(2, T0 + 30_000 * MS, T0 + 30_000 * MS);
        tracker.onSent(3, T0 + 45_000 * MS, T0 + 45_000 * MS);
        tracker.onResult(0, T0 + 900 * MS, null, -1);
        tracker.onResult(1, T0 + 29_500 * MS, null, -1);
        tracker.onResult(2, T0 + 30_010 * MS, null, -1);
        tracker.onResult(3, T0 + 45_020 * MS, null, -1);

        PassFigures figures = tracker.snapshot(false);

        assertThat(figures.cold().windowSec()).isEqualTo(30.0);
        assertThat(figures.cold().first().count()).isEqualTo(2);
        assertThat(figures.cold().first().max()).isCloseTo(900.0, within(1.0));
        assertThat(figures.cold().rest().count()).isEqualTo(2);
        assertThat(figures.cold().rest().max()).isCloseTo(20.0, within(0.1));
        assertThat(figures.latency().count()).isEqualTo(4);
    }

    @Test
    void withoutAColdWindowThereAreNoColdFigures() {
        Tracker tracker = new Tracker(new RunIds("lt-x-", 1, 1));
        tracker.onSent(0, T0, T0);
        tracker.onResult(0, T0 + MS, null, -1);

        assertThat(tracker.snapshot(false).cold()).isNull();
    }
}
