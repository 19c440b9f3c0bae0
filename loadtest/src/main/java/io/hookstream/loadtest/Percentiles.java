package io.hookstream.loadtest;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds (three decimals) of a histogram recorded in microseconds.
 *
 * @param count how many values were recorded; the percentiles are 0 when none was
 */
public record Percentiles(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    /** The largest value a latency histogram tracks: one hour, in microseconds. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    public static Percentiles of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0, 0);
        }
        return new Percentiles(
                micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()),
                Math.round(micros.getMean()) / 1000.0);
    }

    /** Records {@code micros}, clamped to the histogram's range. */
    public static void record(Histogram histogram, long micros) {
        histogram.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
