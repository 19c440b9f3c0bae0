package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.loadtest.ChaosMode;
import io.hookstream.loadtest.internal.ChaosMonkey.Event;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChaosMonkeyTest {

    private static Set<Event> chosen(Set<ChaosMode> modes, int running, int max) {
        Random random = new Random(3);
        Set<Event> events = EnumSet.noneOf(Event.class);
        IntStream.range(0, 1000).forEach(i -> {
            Event event = ChaosMonkey.choose(modes, running, max, random);
            if (event != null) {
                events.add(event);
            }
        });
        return events;
    }

    @Test
    void pausesAreRandomAroundTheMeanAndKeptBetweenAFifthAndThreeTimesIt() {
        Random random = new Random(7);
        LongSummaryStatistics pauses = LongStream.range(0, 10_000)
                .map(i -> ChaosMonkey.nextPauseMillis(random, Duration.ofSeconds(5)))
                .summaryStatistics();

        assertThat(pauses.getMin()).isGreaterThanOrEqualTo(1000);
        assertThat(pauses.getMax()).isLessThanOrEqualTo(15_000);
        assertThat(pauses.getAverage()).isBetween(4000.0, 6000.0);
        assertThat(pauses.getMax() - pauses.getMin()).isGreaterThan(5000);
    }

    @Test
    void killWorkerOnlyKills() {
        assertThat(chosen(Set.of(ChaosMode.KILL_WORKER), 3, 5)).containsExactly(Event.KILL);
    }

    @Test
    void scaleAddsRemovesAndRollsWithinTheBounds() {
        assertThat(chosen(Set.of(ChaosMode.SCALE), 3, 5))
                .containsExactlyInAnyOrder(Event.ADD, Event.REMOVE, Event.ROLL);
    }

    @Test
    void scaleNeverRemovesTheLastWorkerNorGrowsPastTheBound() {
        assertThat(chosen(Set.of(ChaosMode.SCALE), 1, 5)).containsExactlyInAnyOrder(Event.ADD, Event.ROLL);
        assertThat(chosen(Set.of(ChaosMode.SCALE), 5, 5)).containsExactly(Event.REMOVE);
    }

    @Test
    void aKillNeedsASecondWorkerToKeepRunning() {
        assertThat(ChaosMonkey.choose(Set.of(ChaosMode.KILL_WORKER), 1, 5, new Random(1)))
                .isNull();
        assertThat(chosen(Set.of(ChaosMode.KILL_WORKER, ChaosMode.SCALE), 1, 5))
                .containsExactlyInAnyOrder(Event.ADD, Event.ROLL);
    }

    @Test
    void bothModesTogetherMixEveryEvent() {
        assertThat(chosen(Set.of(ChaosMode.KILL_WORKER, ChaosMode.SCALE), 3, 5))
                .containsExactlyInAnyOrder(Event.KILL, Event.ADD, Event.REMOVE, Event.ROLL);
    }
}
