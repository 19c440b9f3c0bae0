package io.hookstream.dispatcher;

/** Root exception of the dispatcher: a reason code and a message that says what to do next. */
public class DispatcherException extends RuntimeException {

    private final String reason;

    public DispatcherException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DispatcherException(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}
