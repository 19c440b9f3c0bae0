package io.hookstream.templates.render.internal;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code .Params}: exactly the params the template declares, each with its resolved value. */
public record ParamValues(SortedMap<String, String> values) {

    public ParamValues {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public static ParamValues of(Map<String, String> values) {
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return new ParamValues(copy);
    }
}
