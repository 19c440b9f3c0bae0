package io.hookstream.worker.executor.pod.internal;

/** {@code executor.pod.selector} cannot be parsed; the message says where and what to write instead. */
public final class InvalidSelectorException extends Exception {

    public InvalidSelectorException(String message) {
        super(message);
    }
}
