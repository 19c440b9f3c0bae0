package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookDeadlinesTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private final HookDeadlines deadlines = new HookDeadlines(Duration.ofMinutes(5));

    @Test
    void theBudgetIsTheTimeoutPerAttemptPlusBackoffPerRetryPlusTheGrace() {
        assertThat(deadlines.budget(hook(Duration.ofMinutes(2), 0))).isEqualTo(Duration.ofMinutes(7));
        assertThat(deadlines.budget(hook(Duration.ofMinutes(2), 2)))
                .isEqualTo(Duration.ofMinutes(6).plusSeconds(60).plusMinutes(5));
    }

    @Test
    void aHookWithoutResultIsHandedOutOnceAfterItsDeadlineAsTimedOutNoResult() {
        RunState run = run("run-1", hook(Duration.ofSeconds(30), 0));
        deadlines.dispatched(run, run.running(), 2, T0);

        assertThat(deadlines.expired(T0.plus(Duration.ofMinutes(5))))
                .as("not yet: 5m30s")
                .isEmpty();
        List<HookDeadlines.Expired> expired = deadlines.expired(T0.plus(Duration.ofMinutes(6)));

        assertThat(expired).singleElement().satisfies(e -> {
            assertThat(e.result().hookId()).isEqualTo("run-1/0");
            assertThat(e.result().status()).isEqualTo(HookStatus.TimedOut);
            assertThat(e.result().reason()).isEqualTo("NoResult");
            assertThat(e.result().attempts()).isZero();
            assertThat(e.result().durationMs()).isEqualTo(Duration.ofMinutes(6).toMillis());
            assertThat(e.result().message()).contains("'h'", "5m30s", "pre-backup");
        });
        assertThat(deadlines.expired(T0.plus(Duration.ofMinutes(7))))
                .as("handed out once")
                .isEmpty();
    }

    @Test
    void anAnsweredHookOrOneOfADroppedPartitionNeverExpires() {
        RunState answered = run("run-2", hook(Duration.ofSeconds(1), 0));
        RunState moved = run("run-3", hook(Duration.ofSeconds(1), 0));
        deadlines.dispatched(answered, answered.running(), 0, T0);
        deadlines.dispatched(moved, moved.running(), 1, T0);

        deadlines.answered("run-2/0");
        deadlines.dropPartitions(List.of(1));

        assertThat(deadlines.expired(T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void aCancelShortensTheWaitToTheConfirmationAndTheGraceAndThenHandsOutACancelledResult() {
        RunState run = run("run-4", hook(Duration.ofMinutes(30), 0));
        deadlines.dispatched(run, run.running(), 0, T0);
        Instant cancelledAt = T0.plus(Duration.ofMinutes(2));

        deadlines.cancelled("run-4/0", cancelledAt);

        Instant shortened = cancelledAt.plus(HookDeadlines.CANCEL_CONFIRMATION).plus(Duration.ofMinutes(5));
        assertThat(deadlines.expired(shortened)).isEmpty();
        assertThat(deadlines.expired(shortened.plusMillis(1))).singleElement().satisfies(e -> {
            assertThat(e.result().status()).isEqualTo(HookStatus.Cancelled);
            assertThat(e.result().reason()).isEqualTo("Cancelled");
            assertThat(e.result().message()).contains("'h'", "5m45s", "no worker confirmed");
            assertThat(e.result().startedAt()).isEqualTo(T0);
            assertThat(e.result().durationMs())
                    .isEqualTo(Duration.between(T0, shortened.plusMillis(1)).toMillis());
        });
    }

    @Test
    void aCancelNeverLengthensAnEarlierDeadlineAndOfAnUnknownHookDoesNothing() {
        RunState run = run("run-5", hook(Duration.ofSeconds(10), 0));
        deadlines.dispatched(run, run.running(), 0, T0);
        Instant budgetEnd = T0.plus(deadlines.budget(run.running()));

        deadlines.cancelled("run-5/0", budgetEnd.minusSeconds(1));
        deadlines.cancelled("no-such-run/0", T0);

        assertThat(deadlines.size()).isEqualTo(1);
        assertThat(deadlines.expired(budgetEnd.plusMillis(1)))
                .as("the budget ends first")
                .singleElement()
                .satisfies(e -> assertThat(e.result().status()).isEqualTo(HookStatus.Cancelled));
    }

    @Test
    void aHookOfARunCancelledBeforeItWasRestoredIsAwaitedOnlyTheShortWait() {
        RunState run = run("run-6", hook(Duration.ofMinutes(30), 0));
        run.cancelRequested(new io.hookstream.schemas.event.CancelRequest("run-6", null, null, T0));

        deadlines.dispatched(run, run.running(), 0, T0);

        Instant shortened = T0.plus(HookDeadlines.CANCEL_CONFIRMATION).plus(Duration.ofMinutes(5));
        assertThat(deadlines.expired(shortened.plusMillis(1)))
                .singleElement()
                .satisfies(e -> assertThat(e.result().status()).isEqualTo(HookStatus.Cancelled));
    }

    private static PlannedHook hook(Duration timeout, int maxRetry) {
        return new PlannedHook(
                0,
                "h",
                new TemplateRef("t", "demo"),
                new HookExecutor(ExecutorType.Operator, null, null),
                null,
                Map.of(),
                timeout,
                maxRetry,
                ExecutionPolicy.Always,
                List.of(),
                List.of(),
                List.of(),
                null);
    }

    private static RunState run(String runId, PlannedHook hook) {
        RunState run = RunState.accepted(
                runId,
                Phase.PRE_BACKUP,
                new SessionSummary(
                        "s",
                        "demo",
                        new ObjectReference("core.kubestash.com", "BackupConfiguration", "demo", "b"),
                        null,
                        null),
                List.of(hook),
                T0);
        run.markDispatched(hook, T0);
        return run;
    }
}
