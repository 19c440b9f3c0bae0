package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunViewsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final RunViews views = new RunViews(clock);

    @Test
    void sweepForgetsFinishedViewsOnlyOnceTheRetentionHasPassedByTheClock() {
        views.publish(0, view("done", RunStatus.Succeeded, T0));
        views.publish(0, view("running", RunStatus.Running, null));

        clock.advance(Duration.ofHours(1));
        views.sweep(Duration.ofHours(1));
        assertThat(views.get("done")).as("kept for exactly the retention").isNotNull();

        clock.advance(Duration.ofSeconds(1));
        views.sweep(Duration.ofHours(1));
        assertThat(views.get("done")).isNull();
        assertThat(views.get("running")).as("an unfinished view is never swept").isNotNull();
    }

    private static RunOutcome view(String runId, RunStatus status, Instant finishedAt) {
        return new RunOutcome(
                runId, Phase.PRE_BACKUP, null, null, status, null, null, null, List.of(), T0, finishedAt, null, null);
    }
}
