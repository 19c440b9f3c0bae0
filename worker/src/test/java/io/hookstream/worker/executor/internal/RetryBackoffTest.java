package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @RepeatedTest(20)
    void doublesFromInitialUpToTheCapWithAtMostTenPercentJitter() {
        assertThat(backoff.delayMillis(1)).isBetween(900L, 1_000L);
        assertThat(backoff.delayMillis(2)).isBetween(1_800L, 2_000L);
        assertThat(backoff.delayMillis(3)).isBetween(3_600L, 4_000L);
        assertThat(backoff.delayMillis(5)).isBetween(14_400L, 16_000L);
        assertThat(backoff.delayMillis(6)).isBetween(27_000L, 30_000L);
        assertThat(backoff.delayMillis(1_000)).isBetween(27_000L, 30_000L);
    }

    @RepeatedTest(5)
    void zeroBackoffStillWaitsAtLeastOneMillisecond() {
        assertThat(new RetryBackoff(Duration.ZERO, Duration.ZERO).delayMillis(3))
                .isEqualTo(1L);
    }
}
