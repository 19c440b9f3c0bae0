package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T06:00:00Z"));
    private final Cancellations cancellations = new Cancellations(Duration.ofHours(1), clock);

    @Test
    void aCancelIsRememberedForTheWindowAndThenForgotten() {
        cancellations.add(cancel("run-1"));

        clock.advance(Duration.ofMinutes(59));
        assertThat(cancellations.of("run-1")).map(CancelRequest::reason).contains("stop");
        clock.advance(Duration.ofMinutes(2));
        assertThat(cancellations.of("run-1")).isEmpty();
        assertThat(cancellations.of("run-2")).isEmpty();
    }

    @Test
    void listenersHearTheFirstCancelOfARunOnlyAndAfterItIsRecorded() {
        List<String> heard = new ArrayList<>();
        cancellations.listen(cancel -> heard.add(
                cancel.runId() + ":" + cancellations.of(cancel.runId()).isPresent()));

        assertThat(cancellations.add(cancel("run-1"))).isTrue();
        assertThat(cancellations.add(cancel("run-1"))).as("the same run again").isFalse();
        cancellations.add(cancel("run-2"));

        assertThat(heard).containsExactly("run-1:true", "run-2:true");
    }

    @Test
    void theOldestRunIsForgottenOnceTheBoundIsReached() {
        for (int i = 0; i < Cancellations.MAX_RUNS; i++) {
            cancellations.add(cancel("run-" + i));
            if (i == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }

        cancellations.add(cancel("one-more"));

        assertThat(cancellations.size()).isEqualTo(Cancellations.MAX_RUNS);
        assertThat(cancellations.of("run-0")).isEmpty();
        assertThat(cancellations.of("one-more")).isPresent();
    }

    private static CancelRequest cancel(String runId) {
        return new CancelRequest(runId, "stop", "test", Instant.parse("2026-12-06T06:00:00Z"));
    }
}
