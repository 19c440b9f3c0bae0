package io.hookstream.worker.executor;

import io.hookstream.schemas.event.AttemptRecord;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.TargetResult;
import java.time.Instant;
import java.util.List;

/**
 * The final outcome of a hook after its retries: the last attempt's result plus attempts and timing, and each
 * attempt ({@code history}, bounded as {@link io.hookstream.schemas.event.HookResult}'s, with the number of
 * attempts left out of it).
 */
public record ExecutionReport(
        HookStatus status,
        String reason,
        String message,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        List<TargetResult> targets,
        List<AttemptRecord> history,
        int omittedAttempts) {

    public ExecutionReport {
        targets = targets == null ? List.of() : List.copyOf(targets);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A report of a hook that made no attempt of its own (refused, not runnable, not started). */
    public ExecutionReport(
            HookStatus status,
            String reason,
            String message,
            int attempts,
            Instant startedAt,
            Instant finishedAt,
            List<TargetResult> targets) {
        this(status, reason, message, attempts, startedAt, finishedAt, targets, List.of(), 0);
    }
}
