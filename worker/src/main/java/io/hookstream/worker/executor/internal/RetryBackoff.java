package io.hookstream.worker.executor.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff: initial, doubling, capped, minus up to 10 % jitter so that retries spread out. */
public record RetryBackoff(Duration initial, Duration max) {

    /** The wait before retry {@code retry} (1 for the first retry), in milliseconds, at least 1. */
    public long delayMillis(int retry) {
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        int doublings = Math.max(0, Math.min(retry - 1, 62));
        long base =
                initialMillis > (maxMillis >> doublings) ? maxMillis : Math.min(maxMillis, initialMillis << doublings);
        long jitter = base >= 10 ? ThreadLocalRandom.current().nextLong(base / 10 + 1) : 0;
        return Math.max(1, base - jitter);
    }
}
