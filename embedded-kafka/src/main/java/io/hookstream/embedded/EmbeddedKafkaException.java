package io.hookstream.embedded;

import java.util.Objects;

/**
 * The one unchecked exception of the embedded-kafka module. {@link #reason()} tells what went wrong as a
 * machine-readable code; the message says what to do next.
 */
public class EmbeddedKafkaException extends RuntimeException {

    /** Why the embedded broker could not do what was asked. */
    public enum Reason {
        /** A configured port is taken by another process. */
        PORT_IN_USE("PortInUse"),
        /** A builder value or broker property is not acceptable. */
        INVALID_CONFIG("InvalidConfig"),
        /** The data directory could not be created, formatted, read or deleted. */
        DATA_DIR_FAILED("DataDirFailed"),
        /** The broker failed while starting. */
        STARTUP_FAILED("StartupFailed"),
        /** The broker started but did not report itself in the cluster in time. */
        STARTUP_TIMEOUT("StartupTimeout"),
        /** The broker failed while shutting down. */
        SHUTDOWN_FAILED("ShutdownFailed"),
        /** The broker was used after {@code close()}. */
        CLOSED("Closed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The reason as a PascalCase code, e.g. {@code PortInUse}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public EmbeddedKafkaException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public EmbeddedKafkaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + reason.code() + "]: " + getMessage();
    }
}
