package io.hookstream.worker.executor.internal;

/** An action that cannot run as written; turned into a Failed/InvalidAction result while planning. */
public final class InvalidActionException extends Exception {

    public InvalidActionException(String message) {
        super(message, null, false, false);
    }
}
