package io.hookstream.loadtest;

/** The load-test tool's one unchecked exception: {@link #reason()} is a machine-readable code. */
public final class LoadTestException extends RuntimeException {

    private final String reason;

    public LoadTestException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LoadTestException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
