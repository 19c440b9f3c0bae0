package io.hookstream.worker.executor;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.TargetResult;
import java.util.List;

/**
 * What one attempt of a hook came to: Succeeded, Failed or TimedOut, a reason code (see
 * {@link io.hookstream.schemas.event.Reasons}) and message for anything but success, and one target per place
 * the hook ran.
 */
public record AttemptResult(HookStatus status, String reason, String message, List<TargetResult> targets) {

    public AttemptResult {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public boolean succeeded() {
        return status == HookStatus.Succeeded;
    }
}
