package io.hookstream.kafka;

/** Root exception of the Kafka plumbing: a reason code and a message that says what to do next. */
public class KafkaSupportException extends RuntimeException {

    private final String reason;

    public KafkaSupportException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public KafkaSupportException(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}
