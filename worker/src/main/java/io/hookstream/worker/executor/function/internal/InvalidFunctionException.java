package io.hookstream.worker.executor.function.internal;

/** The Function or the hook's function section cannot make a Job; the message says what to fix. */
public final class InvalidFunctionException extends RuntimeException {

    public InvalidFunctionException(String message) {
        super(message);
    }
}
