package io.hookstream.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.cli.CliException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SinceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void spansCountBackFromNowWithDaysAsWellAsGoUnits() {
        assertThat(Since.parse("1h", CLOCK).instant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(Since.parse("30m", CLOCK).instant()).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(Since.parse("7d", CLOCK).instant()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(Since.parse("1d12h", CLOCK).instant()).isEqualTo(NOW.minus(Duration.ofHours(36)));
        assertThat(Since.parse("24h", CLOCK).describe()).isEqualTo("in the last 24h");
    }

    @Test
    void aTimeIsTakenAsIs() {
        Since since = Since.parse("2026-11-20T08:30:00Z", CLOCK);
        assertThat(since.instant()).isEqualTo(Instant.parse("2026-11-20T08:30:00Z"));
        assertThat(since.describe()).isEqualTo("since 2026-11-20T08:30:00Z");
    }

    @Test
    void anythingElseIsAUsageErrorThatShowsTheForms() {
        for (String bad : new String[] {"yesterday", "", "-1h", "2026-13-01T00:00:00Z", "7 days"}) {
            assertThatThrownBy(() -> Since.parse(bad, CLOCK))
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("30m, 1h or 7d")
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
        }
    }
}
