package io.hookstream.templates.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ParameterDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches the params a hook invocation gives against the params its template declares. KubeStash params have
 * no types: a string is taken as is, a number or boolean as its JSON text. A required param must be given
 * even when it declares a default.
 */
public final class ParamResolver {

    /**
     * The value of every declared param (in declaration order) and what was wrong with the given ones.
     * Both are immutable.
     */
    public record Resolution(Map<String, String> values, List<Problem> problems) {

        public Resolution {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private ParamResolver() {}

    /**
     * Values: every declared param to its given value, else its default, else {@code ""}. Problems:
     * MissingParam for a required param not given (field {@code params.NAME}), UnknownParam for a given
     * param the template does not declare, InvalidRequest for an object or list value. A null given value
     * counts as not given. {@code fieldPrefix} (e.g. {@code hooks[0].}) is put before every field.
     */
    public static Resolution resolve(
            List<ParameterDefinition> declared, Map<String, Object> given, String fieldPrefix) {
        String prefix = fieldPrefix == null ? "" : fieldPrefix;
        Map<String, Object> supplied = given == null ? Map.of() : given;
        Map<String, String> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ParameterDefinition param : declared == null ? List.<ParameterDefinition>of() : declared) {
            String name = param.name();
            if (name == null || !names.add(name)) {
                continue;
            }
            String field = prefix + "params." + name;
            Object value = supplied.get(name);
            if (value != null) {
                String text = asText(value);
                if (text == null) {
                    problems.add(new Problem(
                            field,
                            Reasons.INVALID_REQUEST,
                            "must be a string, number or boolean; pass objects and lists as a JSON string"));
                }
                values.put(name, text == null ? "" : text);
            } else if (param.isRequired()) {
                problems.add(new Problem(
                        field,
                        Reasons.MISSING_PARAM,
                        "required by the template but not given; " + "add params." + name + " to the hook"
                                + usage(param)));
                values.put(name, "");
            } else {
                values.put(name, param.defaultValue() == null ? "" : param.defaultValue());
            }
        }
        for (String name : new TreeSet<>(supplied.keySet())) {
            if (!names.contains(name)) {
                problems.add(new Problem(
                        prefix + "params." + name,
                        Reasons.UNKNOWN_PARAM,
                        "not declared by the template; remove it or use one of " + declaredList(names)));
            }
        }
        return new Resolution(values, problems);
    }

    private static String asText(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Boolean || value instanceof Number) {
            try {
                return Json.mapper().writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        if (value instanceof JsonNode node) {
            if (node.isTextual()) {
                return node.textValue();
            }
            return node.isNumber() || node.isBoolean() ? node.toString() : null;
        }
        return null;
    }

    private static String usage(ParameterDefinition param) {
        return param.usage() == null || param.usage().isBlank()
                ? ""
                : " (" + param.usage().strip() + ")";
    }

    private static String declaredList(Set<String> names) {
        return names.isEmpty() ? "none: the template declares no params" : String.join(", ", new TreeSet<>(names));
    }
}
