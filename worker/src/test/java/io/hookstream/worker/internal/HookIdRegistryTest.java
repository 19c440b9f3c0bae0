package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HookIdRegistryTest {

    private static final TopicPartition P = new TopicPartition("hookstream.hooks.pre-backup", 1);

    private final HookIdRegistry registry = new HookIdRegistry(
            Duration.ofMinutes(15), Clock.fixed(Instant.parse("2026-12-06T04:00:00Z"), ZoneOffset.UTC));

    @Test
    void aHookThatFinishedUnderTheCurrentAssignmentIsSeenUntilItsResultIsCommittedAndAfter() {
        registry.assigned(List.of(P));
        registry.finished(P, registry.epoch(P), "run-1/0");

        assertThat(registry.seen("run-1/0")).isTrue();
        registry.committed("run-1/0");
        registry.dropped(List.of(P));
        assertThat(registry.seen("run-1/0"))
                .as("committed results are remembered across assignments")
                .isTrue();
    }

    @Test
    void aHookWhosePartitionWasDroppedBeforeItFinishedDoesNotLookFinishedWhenItsEventIsReadAgain() {
        registry.assigned(List.of(P));
        long startedUnder = registry.epoch(P);
        registry.dropped(List.of(P)); // revoked, or the loop restarted from the committed offsets
        registry.assigned(List.of(P));

        registry.finished(P, startedUnder, "run-1/0"); // the old work ends; its result is never committed

        assertThat(registry.seen("run-1/0"))
                .as("the hook must run again, not be skipped")
                .isFalse();
    }

    @Test
    void aHookFinishingOnAPartitionNoLongerOwnedIsNotPending() {
        registry.assigned(List.of(P));
        long startedUnder = registry.epoch(P);
        registry.dropped(List.of(P));

        registry.finished(P, startedUnder, "run-2/0");

        assertThat(registry.seen("run-2/0")).isFalse();
        assertThat(registry.epoch(P)).isZero();
    }

    @Test
    void resultsFoundInTheResultsTopicAreSeenForTheWindow() {
        registry.known("run-3/1", Instant.parse("2026-12-06T03:50:00Z").toEpochMilli());
        registry.known("run-4/1", Instant.parse("2026-12-06T03:40:00Z").toEpochMilli());

        assertThat(registry.seen("run-3/1")).isTrue();
        assertThat(registry.seen("run-4/1"))
                .as("older than the 15 minute window")
                .isFalse();
    }
}
