package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.GoDuration;
import java.time.Duration;

/** The end of one attempt: a timeout started at a monotonic instant. */
public record Deadline(Duration timeout, long endNanos) {

    public static Deadline after(Duration timeout) {
        return new Deadline(timeout, System.nanoTime() + timeout.toNanos());
    }

    /** Milliseconds left, never negative. */
    public long remainingMillis() {
        return Math.max(0, Duration.ofNanos(endNanos - System.nanoTime()).toMillis());
    }

    public boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** The timeout as a Go duration string, for messages. */
    public String describe() {
        return GoDuration.format(timeout);
    }
}
