package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.RunSummary;
import io.hookstream.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's throughput counts: hooks and runs finished per 10 s bucket, over the last 15 minutes. */
class RunActivityTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:05Z"));
    private final RunActivity activity = new RunActivity(clock);

    @Test
    void hooksFinishedAreTheGrowthOfEachRunsFinishedHooksAndRunsCountWhenTheyEnd() {
        activity.record(List.of(
                new RunChange(null, run("a", RunStatus.Running, 0)),
                new RunChange(run("b", RunStatus.Running, 1), run("b", RunStatus.Running, 3))));
        clock.advance(Duration.ofSeconds(10));
        activity.record(List.of(
                new RunChange(run("a", RunStatus.Running, 0), run("a", RunStatus.Succeeded, 2)),
                new RunChange(run("b", RunStatus.Running, 3), run("b", RunStatus.Failed, 4)),
                new RunChange(run("b", RunStatus.Failed, 4), null)));

        Map<String, Object> snapshot = activity.snapshot();
        long[] hooks = (long[]) snapshot.get("hooksFinished");
        assertThat(hooks).hasSize(RunActivity.BUCKETS);
        assertThat(hooks[RunActivity.BUCKETS - 2]).isEqualTo(2);
        assertThat(hooks[RunActivity.BUCKETS - 1]).isEqualTo(3);
        assertThat(((long[]) snapshot.get("runsAccepted"))[RunActivity.BUCKETS - 2])
                .isEqualTo(1);
        assertThat(((long[]) snapshot.get("runsSucceeded"))[RunActivity.BUCKETS - 1])
                .isEqualTo(1);
        assertThat(((long[]) snapshot.get("runsFailed"))[RunActivity.BUCKETS - 1])
                .isEqualTo(1);
        assertThat(snapshot.get("from")).isEqualTo(Instant.parse("2026-12-06T09:45:20Z"));
        assertThat(snapshot.get("since")).isEqualTo(Instant.parse("2026-12-06T10:00:05Z"));
    }

    @Test
    void bucketsOlderThanFifteenMinutesAreForgottenNotCountedAgainWhenTheirSlotComesRound() {
        activity.record(List.of(new RunChange(run("a", RunStatus.Running, 0), run("a", RunStatus.Running, 5))));
        clock.advance(Duration.ofMinutes(15));
        assertThat((long[]) activity.snapshot().get("hooksFinished")).containsOnly(0L);
        activity.record(List.of(new RunChange(run("a", RunStatus.Running, 5), run("a", RunStatus.Running, 6))));
        long[] hooks = (long[]) activity.snapshot().get("hooksFinished");
        assertThat(hooks[RunActivity.BUCKETS - 1]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(hooks).sum()).isEqualTo(1);
    }

    private static RunSummary run(String runId, RunStatus status, int finished) {
        return new RunSummary(
                runId,
                Phase.PRE_BACKUP,
                status,
                null,
                null,
                null,
                null,
                6,
                finished,
                null,
                Instant.parse("2026-12-06T09:59:00Z"),
                null,
                null);
    }
}
