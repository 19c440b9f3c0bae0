package io.hookstream.loadtest;

/**
 * Latency of a cold pass ({@code --cold}: no warm-up, services freshly started) split at the end of its first
 * window: hooks that started within {@code windowSec} of the pass's first request, and those after.
 *
 * @param windowSec how long the first window is (30 s unless {@code --cold=DURATION} says otherwise)
 * @param first     request→result latency of the hooks that started in the first window
 * @param rest      the same for every later hook (count 0 when the pass was shorter than the window)
 */
public record ColdFigures(double windowSec, Percentiles first, Percentiles rest) {}
