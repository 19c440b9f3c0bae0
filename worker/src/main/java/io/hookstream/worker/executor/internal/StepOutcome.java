package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;

/**
 * What one action of an attempt came to. {@code exitCode}, {@code stdout}, {@code stderr} come from exec,
 * {@code httpStatus} from httpGet or httpPost; each is null when the action did not produce it.
 */
public record StepOutcome(
        HookStatus status,
        String reason,
        String message,
        Integer exitCode,
        Integer httpStatus,
        String stdout,
        String stderr) {

    public static StepOutcome success() {
        return new StepOutcome(HookStatus.Succeeded, null, null, null, null, null, null);
    }

    public static StepOutcome failed(String reason, String message) {
        return new StepOutcome(HookStatus.Failed, reason, message, null, null, null, null);
    }

    public static StepOutcome timedOut(String message) {
        return new StepOutcome(HookStatus.TimedOut, Reasons.DEADLINE_EXCEEDED, message, null, null, null, null);
    }

    /** The action was stopped by {@code abort}: Failed with its reason; the message is its message and {@code what}. */
    public static StepOutcome aborted(AbortSignal abort, String what) {
        String message = abort.message() == null || abort.message().isBlank() ? what : abort.message() + "; " + what;
        return new StepOutcome(HookStatus.Failed, abort.reason(), message, null, null, null, null);
    }

    public StepOutcome withHttpStatus(int status) {
        return new StepOutcome(this.status, reason, message, exitCode, status, stdout, stderr);
    }

    public StepOutcome withProcessOutput(Integer code, String out, String err) {
        return new StepOutcome(status, reason, message, code, httpStatus, out, err);
    }

    public boolean succeeded() {
        return status == HookStatus.Succeeded;
    }
}
