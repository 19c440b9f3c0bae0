package io.hookstream.worker;

/** Root exception of the worker: a reason code and a message that says what to do next. */
public class WorkerException extends RuntimeException {

    private final String reason;

    public WorkerException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
