package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Turns Jackson binding errors into a field path and a message that says what to change. */
public final class BindingErrors {

    private BindingErrors() {}

    /** The field path of the error: {@code spec.action.exec.command}, {@code spec.params[1].name}. */
    public static String fieldOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A short message for the error, without Jackson's source excerpts. */
    public static String messageOf(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(
                    unknown.getPropertyName(),
                    unknown.getKnownPropertyIds() == null ? List.of() : unknown.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException format
                && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
            return "invalid value '" + format.getValue() + "'; use one of " + allowed + " (case matters)";
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return "invalid value: " + rootCause(instantiation).getMessage();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "wrong type: expected " + describe(mismatch.getTargetType());
        }
        return Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
    }

    /** The message for a field the schema does not have, listing the {@code known} ones (sorted). */
    public static String unknownField(String name, Collection<?> known) {
        String list = known.stream()
                .map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new))
                .toString();
        return "unknown field '" + name + "'; fix its spelling or remove it"
                + (known.isEmpty() ? "" : " (known fields: " + list.substring(1, list.length() - 1) + ")");
    }

    /** Whether a record refused a null (an empty list entry or map value) while being built. */
    public static boolean isNullRejected(JsonMappingException e) {
        return e instanceof ValueInstantiationException && rootCause(e) instanceof NullPointerException;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of fields";
        }
        return "a " + type.getSimpleName();
    }
}
