package io.hookstream.worker.executor;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.TargetResult;
import java.time.Instant;
import java.util.List;

/** The final outcome of a hook after its retries: the last attempt's result plus attempts and timing. */
public record ExecutionReport(
        HookStatus status,
        String reason,
        String message,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        List<TargetResult> targets) {

    public ExecutionReport {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
