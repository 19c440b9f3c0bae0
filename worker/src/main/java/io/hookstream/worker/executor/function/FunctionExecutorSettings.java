package io.hookstream.worker.executor.function;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link FunctionExecutor}.
 *
 * @param poolSize         threads of the {@code hookstream-k8s-function} pool that makes the Kubernetes API calls
 *                         (no thread is held while a Job runs: its end is watched)
 * @param ttlAfterFinished {@code ttlSecondsAfterFinished} of every Job: how long a finished Job (and its pod and
 *                         log) stays for a restarted worker to adopt it before Kubernetes deletes it
 * @param logTailLines     how many trailing lines of the pod's log are read; the result keeps at most
 *                         {@code ExecutorOptions.maxOutputBytes} of them
 */
public record FunctionExecutorSettings(int poolSize, Duration ttlAfterFinished, int logTailLines) {

    public FunctionExecutorSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        Objects.requireNonNull(ttlAfterFinished, "ttlAfterFinished is required (a duration such as 1h)");
        if (ttlAfterFinished.isNegative()) {
            throw new IllegalArgumentException("ttlAfterFinished must not be negative, got " + ttlAfterFinished);
        }
        if (logTailLines < 1) {
            throw new IllegalArgumentException("logTailLines must be at least 1, got " + logTailLines);
        }
    }

    /** 4 threads, finished Jobs kept 1 hour, the last 200 log lines. */
    public static FunctionExecutorSettings defaults() {
        return new FunctionExecutorSettings(4, Duration.ofHours(1), 200);
    }
}
