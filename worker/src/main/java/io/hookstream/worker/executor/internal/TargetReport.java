package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.TargetResult;

/**
 * What the steps of one attempt on one target reported so far: the last exec's exit code and output tails, the last
 * HTTP status. Used on one context only.
 */
final class TargetReport {

    private Integer exitCode;
    private Integer httpStatus;
    private String stdout;
    private String stderr;

    void record(StepOutcome outcome) {
        if (outcome.exitCode() != null || outcome.stdout() != null) {
            exitCode = outcome.exitCode();
            stdout = outcome.stdout();
            stderr = outcome.stderr();
        }
        if (outcome.httpStatus() != null) {
            httpStatus = outcome.httpStatus();
        }
    }

    /** The target's line in the result: what was recorded, and {@code error} (null when the attempt succeeded). */
    TargetResult toResult(String name, String error) {
        return new TargetResult(name, exitCode, httpStatus, stdout, stderr, error);
    }
}
