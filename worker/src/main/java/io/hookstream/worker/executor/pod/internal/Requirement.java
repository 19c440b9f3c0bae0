package io.hookstream.worker.executor.pod.internal;

import java.util.Map;
import java.util.Set;

/**
 * One requirement of a label selector, as {@code kubectl -l} reads it: {@code key=value} ({@code ==} too),
 * {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)}, {@code key}, {@code !key}, {@code key>n},
 * {@code key<n}.
 */
public record Requirement(String key, Operator operator, Set<String> values) {

    /** How a requirement tests a label. */
    public enum Operator {
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST,
        GREATER_THAN,
        LESS_THAN
    }

    public Requirement {
        values = Set.copyOf(values);
    }

    /** Whether a pod with these labels meets this requirement (Kubernetes semantics: != and notin match absence). */
    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> labels.containsKey(key);
            case DOES_NOT_EXIST -> !labels.containsKey(key);
            case GREATER_THAN -> signOfDifference(value) > 0;
            case LESS_THAN -> signOfDifference(value) < 0;
        };
    }

    /** Sign of (label value - bound); 0 when the label is missing or no integer, so neither > nor < matches. */
    private int signOfDifference(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.compare(
                    Long.parseLong(value), Long.parseLong(values.iterator().next()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A single {@code key=value} the API server can filter on; null for any other requirement. */
    public Map.Entry<String, String> equality() {
        return operator == Operator.IN && values.size() == 1
                ? Map.entry(key, values.iterator().next())
                : null;
    }
}
