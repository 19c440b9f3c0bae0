package io.hookstream.templates;

import io.hookstream.schemas.event.Problem;

/**
 * The templates module's one unchecked exception: a HookTemplate or one of its expressions cannot be used.
 * {@link #reason()} is a code from {@link io.hookstream.schemas.event.Reasons}; {@link #field()} is the path of
 * the offending field (for example {@code spec.action.exec.command[2]}).
 */
public class TemplateException extends RuntimeException {

    private final String reason;
    private final String field;

    public TemplateException(String reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    /** The machine-readable reason code. */
    public String reason() {
        return reason;
    }

    /** The path of the field at fault, or {@code null} when the problem is not tied to one field. */
    public String field() {
        return field;
    }

    /** The same facts as a {@link Problem} value. */
    public Problem toProblem() {
        return new Problem(field, reason, getMessage());
    }
}
