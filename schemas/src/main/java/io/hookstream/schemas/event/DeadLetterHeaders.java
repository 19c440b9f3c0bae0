package io.hookstream.schemas.event;

/**
 * Headers a dead letter carries beside the original record's own headers; its key and value are the
 * original bytes, unchanged.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "hookstream.dlq.reason";
    public static final String MESSAGE = "hookstream.dlq.message";
    public static final String ORIGIN_TOPIC = "hookstream.dlq.origin.topic";
    public static final String ORIGIN_PARTITION = "hookstream.dlq.origin.partition";
    public static final String ORIGIN_OFFSET = "hookstream.dlq.origin.offset";
    public static final String ORIGIN_TIMESTAMP = "hookstream.dlq.origin.timestamp";
    public static final String COMPONENT = "hookstream.dlq.component";

    private DeadLetterHeaders() {}
}
