package io.hookstream.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a retry is not made: the one rule of {@link HookRun#pastDeadline}, without running anything. */
class HookRunDeadlineTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @Test
    void withoutADeadlineEveryRetryIsMade() {
        assertThat(HookRun.pastDeadline(NOW, Duration.ofHours(5).toMillis(), TIMEOUT, null))
                .isNull();
    }

    @Test
    void aRetryEndingExactlyAtTheDeadlineIsMade() {
        Instant deadline = NOW.plusSeconds(30).plus(TIMEOUT);

        assertThat(HookRun.pastDeadline(NOW, 30_000, TIMEOUT, deadline)).isNull();
    }

    @Test
    void aRetryWhoseBackoffAndTimeoutEndAfterTheDeadlineIsNotMadeAndTheReasonSaysWhy() {
        Instant deadline = NOW.plusSeconds(30).plus(TIMEOUT);

        assertThat(HookRun.pastDeadline(NOW, 30_001, TIMEOUT, deadline))
                .contains("30.001s of backoff", "timeout 1m0s", "2026-12-01T08:01:30Z");
    }

    @Test
    void aNegativeTimeoutCountsAsNone() {
        assertThat(HookRun.pastDeadline(NOW, 1000, Duration.ofSeconds(-1), NOW.plusSeconds(1)))
                .isNull();
    }
}
