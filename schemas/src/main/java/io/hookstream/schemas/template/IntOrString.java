package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Objects;

/** Kubernetes {@code IntOrString}: a port number, or the name of a container port. */
public final class IntOrString {

    private final Integer intValue;
    private final String stringValue;

    private IntOrString(Integer intValue, String stringValue) {
        this.intValue = intValue;
        this.stringValue = stringValue;
    }

    public static IntOrString of(int value) {
        return new IntOrString(value, null);
    }

    /**
     * Reads a JSON/YAML value: a whole number or a string.
     *
     * @throws IllegalArgumentException for anything else, e.g. {@code 80.5} or {@code true}
     */
    @JsonCreator
    public static IntOrString parse(Object value) {
        if (value instanceof Number number) {
            return new IntOrString(wholeInt(number), null);
        }
        if (value instanceof String text) {
            return new IntOrString(null, text);
        }
        throw new IllegalArgumentException("expected a port number or a port name, got " + value);
    }

    private static int wholeInt(Number number) {
        try {
            return new BigDecimal(number.toString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole port number or a port name, got " + number, e);
        }
    }

    public boolean isInt() {
        return intValue != null;
    }

    public int intValue() {
        if (intValue == null) {
            throw new IllegalStateException("'" + stringValue + "' is a port name, not a number");
        }
        return intValue;
    }

    public String stringValue() {
        return stringValue;
    }

    @JsonValue
    public Object value() {
        return intValue != null ? intValue : stringValue;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntOrString that
                && Objects.equals(intValue, that.intValue)
                && Objects.equals(stringValue, that.stringValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(intValue, stringValue);
    }

    @Override
    public String toString() {
        return String.valueOf(value());
    }
}
