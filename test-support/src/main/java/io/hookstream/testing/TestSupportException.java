package io.hookstream.testing;

import java.util.Objects;

/** The one unchecked exception of test-support; {@link #reason()} says which helper failed. */
public class TestSupportException extends RuntimeException {

    /** Which kind of helper call failed. */
    public enum Reason {
        /** An admin call (e.g. creating topics) failed. */
        ADMIN_FAILED("AdminFailed"),
        /** Producing a record failed. */
        PRODUCE_FAILED("ProduceFailed"),
        /** The background consumer of a {@link RecordCollector} failed. */
        CONSUME_FAILED("ConsumeFailed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The reason as a PascalCase code. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public TestSupportException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Which kind of helper call failed. */
    public Reason reason() {
        return reason;
    }
}
