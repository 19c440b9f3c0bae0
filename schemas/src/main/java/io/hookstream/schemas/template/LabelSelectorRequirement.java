package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** One {@code matchExpressions} entry: key, operator (In, NotIn, Exists, DoesNotExist) and values. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LabelSelectorRequirement(String key, SelectorOperator operator, List<String> values) {

    public LabelSelectorRequirement {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
        boolean present = labels.containsKey(key);
        return switch (operator) {
            case In -> present && values.contains(labels.get(key));
            case NotIn -> !present || !values.contains(labels.get(key));
            case Exists -> present;
            case DoesNotExist -> !present;
        };
    }
}
