package io.hookstream.schemas;

import java.time.Instant;

/**
 * RFC 3339 timestamps in UTC, written and read without {@code DateTimeFormatter}: every record a hook passes through
 * carries several, and the formatter's field maps and resolver were a tenth of the consuming loops' CPU (profile in
 * docs/benchmarks.md). The text is exactly {@link Instant#toString()}'s ({@code DateTimeFormatter.ISO_INSTANT}: the
 * fraction in groups of three digits, none when zero); what this class does not handle (years outside 1970-9999,
 * offsets other than {@code Z}, leap seconds, anything unusual) returns {@code null} from {@link #parse} and
 * falls back to the formatter.
 */
public final class UtcInstants {

    /** 9999-12-31T23:59:59Z: past it the year needs a sign and more digits. */
    private static final long MAX_FAST_SECOND = 253_402_300_799L;

    private static final int SECONDS_PER_DAY = 86_400;

    private UtcInstants() {}

    /** {@code instant.toString()}, the same text. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > MAX_FAST_SECOND) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        long[] ymd = civilFromDays(days);
        int nano = instant.getNano();
        char[] out = new char[30];
        int i = 0;
        i = digits(out, i, (int) ymd[0], 4);
        out[i++] = '-';
        i = digits(out, i, (int) ymd[1], 2);
        out[i++] = '-';
        i = digits(out, i, (int) ymd[2], 2);
        out[i++] = 'T';
        i = digits(out, i, secondOfDay / 3600, 2);
        out[i++] = ':';
        i = digits(out, i, secondOfDay / 60 % 60, 2);
        out[i++] = ':';
        i = digits(out, i, secondOfDay % 60, 2);
        if (nano != 0) {
            out[i++] = '.';
            if (nano % 1_000_000 == 0) {
                i = digits(out, i, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                i = digits(out, i, nano / 1_000, 6);
            } else {
                i = digits(out, i, nano, 9);
            }
        }
        out[i++] = 'Z';
        return new String(out, 0, i);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (upper-case {@code T} and {@code Z}, year 1970-9999), or
     * {@code null} for any other text, which the caller hands to the full parser (it accepts more forms, and
     * rejects invalid text with its usual message).
     */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 1970
                || month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int nano = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            nano = number(text, 20, fractionDigits);
            if (nano < 0) {
                return null;
            }
            for (int d = fractionDigits; d < 9; d++) {
                nano *= 10;
            }
        }
        long epochSecond = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    /** The decimal number of {@code length} digits at {@code from}, or -1 if any is not a digit. */
    private static int number(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    /** Year, month and day of days since 1970-01-01 (H. Hinnant's civil_from_days). */
    private static long[] civilFromDays(long days) {
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return new long[] {year, month, day};
    }
}
