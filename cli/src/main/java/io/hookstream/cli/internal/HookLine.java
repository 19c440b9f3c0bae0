package io.hookstream.cli.internal;

import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;

/** One hook's state as {@code hookstream run --wait} shows it: from a result event or an outcome's hook list. */
public record HookLine(int index, String name, HookStatus status, String reason, String message, Long durationMs) {

    public static HookLine of(HookResult result) {
        return new HookLine(
                result.hookIndex(),
                result.hookName(),
                result.status(),
                result.reason(),
                result.message(),
                result.durationMs());
    }

    public static HookLine of(HookOutcome hook) {
        return new HookLine(hook.index(), hook.name(), hook.status(), hook.reason(), hook.message(), hook.durationMs());
    }

    public boolean isFinished() {
        return status != null && status.isTerminal();
    }
}
