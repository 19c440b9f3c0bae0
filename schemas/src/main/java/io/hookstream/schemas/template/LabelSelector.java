package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes {@code metav1.LabelSelector}. All of {@code matchLabels} and {@code matchExpressions} must
 * hold (AND); an empty selector matches everything, as in Kubernetes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
            if (!wanted.getValue().equals(actual.get(wanted.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : matchExpressions) {
            if (!requirement.matches(actual)) {
                return false;
            }
        }
        return true;
    }
}
