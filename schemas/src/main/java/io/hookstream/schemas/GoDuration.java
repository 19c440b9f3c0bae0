package io.hookstream.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes/Go duration strings ({@code 30s}, {@code 2m}, {@code 1h30m}, {@code 1.5s}, {@code 250ms}), the
 * form every time span in user-facing input takes. Units: ns, us (or µs), ms, s, m, h.
 */
public final class GoDuration {

    /** The longest text read as a duration. */
    public static final int MAX_LENGTH = 256;

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "µs",
            1_000L,
            "μs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);

    private GoDuration() {}

    /**
     * Parses a duration string.
     *
     * @throws IllegalArgumentException with a message that shows the expected form (also for a text longer
     *         than {@value #MAX_LENGTH} characters)
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration: expected a duration such as 30s, 2m or 1h30m");
        }
        if (text.length() > MAX_LENGTH) {
            // no duration needs this much; parsing huge digit runs as BigDecimal costs seconds
            throw new IllegalArgumentException("duration '" + text.substring(0, 40) + "...' (" + text.length()
                    + " characters) is too long: at most " + MAX_LENGTH + " characters, e.g. 30s, 2m or 1h30m");
        }
        String body = text.trim();
        boolean negative = body.startsWith("-");
        if (negative || body.startsWith("+")) {
            body = body.substring(1);
        }
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (body.isEmpty()) {
            throw invalid(text);
        }
        Matcher matcher = PART.matcher(body);
        int position = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (position < body.length()) {
            // anchored at position: find() would rescan the rest of the text from every start, quadratic in a
            // long run of digits without a unit
            if (!matcher.region(position, body.length()).lookingAt()) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(matcher.group(1))
                    .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)))));
            position = matcher.end();
        }
        Duration duration;
        try {
            // as Go, drop fractions of a nanosecond
            duration = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long: at most 2562047h47m16s", e);
        }
        return negative ? duration.negated() : duration;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text
                + "': expected a duration such as 30s, 2m or 1h30m (units ns, us, ms, s, m, h)");
    }

    /** Formats as Go's {@code time.Duration.String()} does: {@code 1h30m0s}, {@code 1.5s}, {@code 250ms}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        Duration d = duration;
        if (d.isNegative()) {
            out.append('-');
            d = d.negated();
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            if (nanos < 1_000) {
                return out.append(nanos).append("ns").toString();
            }
            if (nanos < 1_000_000) {
                return out.append(trim(BigDecimal.valueOf(nanos, 3)))
                        .append("µs")
                        .toString();
            }
            return out.append(trim(BigDecimal.valueOf(nanos, 6))).append("ms").toString();
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(trim(seconds)).append('s').toString();
    }

    private static String trim(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
