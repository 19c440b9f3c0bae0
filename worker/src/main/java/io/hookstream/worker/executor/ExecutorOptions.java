package io.hookstream.worker.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the executors and the retrying {@link HookRunner}.
 *
 * @param execPoolSize        threads of the shared {@code hookstream-exec} pool that prepares exec directories,
 *                            reads output and stops process trees (processes start on the JVM's
 *                            {@code ProcessSpawner} threads; no thread is held while a process runs)
 * @param maxOutputBytes      how many trailing bytes of stdout and of stderr a result keeps
 * @param retryBackoffInitial wait before the first retry; it doubles for each further retry
 * @param retryBackoffMax     the longest wait between two attempts
 * @param killGracePeriod     after a timeout or an abort, how long a process tree has between SIGTERM and SIGKILL
 * @param limits              what Operator hooks may run and reach ({@link ExecutionLimits#defaults()} when null)
 */
public record ExecutorOptions(
        int execPoolSize,
        int maxOutputBytes,
        Duration retryBackoffInitial,
        Duration retryBackoffMax,
        Duration killGracePeriod,
        ExecutionLimits limits) {

    /** Options with the default {@link ExecutionLimits}. */
    public ExecutorOptions(
            int execPoolSize,
            int maxOutputBytes,
            Duration retryBackoffInitial,
            Duration retryBackoffMax,
            Duration killGracePeriod) {
        this(execPoolSize, maxOutputBytes, retryBackoffInitial, retryBackoffMax, killGracePeriod, null);
    }

    /**
     * The per-attempt timeout of a hook that sets none, so that no hook can hang a worker forever (KubeStash
     * gives HTTP and TCP probes the same 5 minutes, and exec none).
     */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMinutes(5);

    /** Room for the truncation mark plus a few characters. */
    public static final int MIN_OUTPUT_BYTES = 16;

    public ExecutorOptions {
        limits = limits == null ? ExecutionLimits.defaults() : limits;
        if (execPoolSize < 1) {
            throw new IllegalArgumentException("execPoolSize must be at least 1, got " + execPoolSize);
        }
        if (maxOutputBytes < MIN_OUTPUT_BYTES) {
            throw new IllegalArgumentException(
                    "maxOutputBytes must be at least " + MIN_OUTPUT_BYTES + ", got " + maxOutputBytes);
        }
        requireNonNegative("retryBackoffInitial", retryBackoffInitial);
        requireNonNegative("retryBackoffMax", retryBackoffMax);
        requireNonNegative("killGracePeriod", killGracePeriod);
        if (retryBackoffMax.compareTo(retryBackoffInitial) < 0) {
            throw new IllegalArgumentException("retryBackoffMax (" + retryBackoffMax
                    + ") must not be shorter than retryBackoffInitial (" + retryBackoffInitial + ")");
        }
    }

    /** 16 exec threads, 4 KiB output tails, backoff 1 s doubling up to 30 s, 2 s kill grace period. */
    public static ExecutorOptions defaults() {
        return new ExecutorOptions(16, 4096, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    public ExecutorOptions withLimits(ExecutionLimits newLimits) {
        return new ExecutorOptions(
                execPoolSize, maxOutputBytes, retryBackoffInitial, retryBackoffMax, killGracePeriod, newLimits);
    }

    private static void requireNonNegative(String field, Duration value) {
        Objects.requireNonNull(value, () -> field + " is required (a duration such as 1s)");
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }
}
