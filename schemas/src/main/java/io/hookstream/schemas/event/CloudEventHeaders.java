package io.hookstream.schemas.event;

/**
 * CloudEvents 1.0 Kafka binary-mode header names and the event types hookstream produces. Every record the
 * project writes carries these headers; the value is the event's JSON data.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";
    /** Content type of CloudEvents structured mode, which run requests may also use. */
    public static final String STRUCTURED_JSON = "application/cloudevents+json";

    public static final String TYPE_RUN_REQUESTED = "io.hookstream.run.requested";
    /** A {@link CancelRequest} on the requests topic: stop the run of the record's key. */
    public static final String TYPE_RUN_CANCEL_REQUESTED = "io.hookstream.run.cancel.requested";
    /** A {@link CancelRequest} the dispatcher forwards to the workers on the cancels topic. */
    public static final String TYPE_RUN_CANCELLED = "io.hookstream.run.cancelled";

    public static final String TYPE_HOOK_DISPATCHED = "io.hookstream.hook.dispatched";
    public static final String TYPE_HOOK_RESULT = "io.hookstream.hook.result";
    public static final String TYPE_RUN_OUTCOME = "io.hookstream.run.outcome";
    public static final String TYPE_DEAD_LETTER = "io.hookstream.dead-letter";

    private CloudEventHeaders() {}
}
