package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChaosMonkeyTest {

    @Test
    void pausesAreRandomAroundTheMeanAndKeptBetweenAFifthAndThreeTimesIt() {
        Random random = new Random(7);
        LongSummaryStatistics pauses = LongStream.range(0, 10_000)
                .map(i -> ChaosMonkey.nextPauseMillis(random, Duration.ofSeconds(5))).summaryStatistics();

        assertThat(pauses.getMin()).isGreaterThanOrEqualTo(1000);
        assertThat(pauses.getMax()).isLessThanOrEqualTo(15_000);
        assertThat(pauses.getAverage()).isBetween(4000.0, 6000.0);
        assertThat(pauses.getMax() - pauses.getMin()).isGreaterThan(5000);
    }
}
