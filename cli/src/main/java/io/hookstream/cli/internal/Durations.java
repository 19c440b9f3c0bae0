package io.hookstream.cli.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How times and durations look in tables. */
public final class Durations {

    private Durations() {}

    /** {@code 850ms}, {@code 1.2s}, {@code 3m05s}. */
    public static String human(Long millis) {
        if (millis == null) {
            return "-";
        }
        long ms = millis;
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long seconds = ms / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60);
    }

    /** UTC, to the second: {@code 2026-11-27T05:11:27Z}. */
    public static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
