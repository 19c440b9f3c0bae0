package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import io.hookstream.schemas.GoDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --since} value: a span back from now ({@code 30m}, {@code 1h}, {@code 7d}, {@code 1d12h}; Go duration
 * units plus {@code d} for days) or a point in time ({@code 2026-11-27T05:00:00Z}).
 */
public final class Since {

    private static final Pattern DAYS = Pattern.compile("^(\\d+)d(.*)$");

    private final String text;
    private final Instant instant;

    private Since(String text, Instant instant) {
        this.text = text;
        this.instant = instant;
    }

    /** Parses {@code text} against {@code clock}; an invalid value is a {@link CliException} with exit code 2. */
    public static Since parse(String text, Clock clock) {
        String value = text == null ? "" : text.trim();
        try {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            if (value.contains("T")) {
                return new Since(value, Instant.parse(value));
            }
            Duration span = Duration.ZERO;
            Matcher days = DAYS.matcher(value);
            if (days.matches()) {
                span = Duration.ofDays(Long.parseLong(days.group(1)));
                value = days.group(2);
            }
            if (!value.isEmpty()) {
                span = span.plus(GoDuration.parse(value));
            }
            if (span.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return new Since(text.trim(), clock.instant().minus(span));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new CliException(
                    "InvalidOption",
                    2,
                    "--since '" + text + "' is neither a span such as 30m, 1h or 7d"
                            + " nor a time such as 2026-11-27T05:00:00Z");
        }
    }

    /** The earliest time to show. */
    public Instant instant() {
        return instant;
    }

    /** As the user gave it, for messages ("the last 24h"). */
    public String describe() {
        return text.contains("T") ? "since " + text : "in the last " + text;
    }
}
