package io.hookstream.worker.executor.function.internal;

/** A Job of the deterministic name exists but is not this hook's; the message says what to do. */
public final class JobConflictException extends RuntimeException {

    public JobConflictException(String message) {
        super(message);
    }
}
