package io.hookstream.templates.policy.internal;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.LabelSelector;
import io.hookstream.schemas.template.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules Kubernetes applies to a label selector: every key set, In and NotIn with values, Exists and
 * DoesNotExist without. A selector that breaks them must not be evaluated.
 */
public final class SelectorRules {

    private SelectorRules() {}

    /** Every broken rule of {@code selector}, with field paths under {@code field}. */
    public static List<Problem> check(LabelSelector selector, String field) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, String> label : selector.matchLabels().entrySet()) {
            if (label.getKey().isBlank()) {
                problems.add(problem(field + ".matchLabels", "a label key is empty; give every label a key"));
            }
        }
        List<LabelSelectorRequirement> expressions = selector.matchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            String at = field + ".matchExpressions[" + i + "]";
            LabelSelectorRequirement requirement = expressions.get(i);
            if (requirement.key() == null || requirement.key().isBlank()) {
                problems.add(problem(at + ".key", "required: the label key to test"));
            }
            if (requirement.operator() == null) {
                problems.add(problem(at + ".operator", "required: one of In, NotIn, Exists, DoesNotExist"));
                continue;
            }
            switch (requirement.operator()) {
                case In, NotIn -> {
                    if (requirement.values().isEmpty()) {
                        problems.add(problem(
                                at + ".values",
                                "must not be empty for operator " + requirement.operator()
                                        + "; list the label values to test against"));
                    }
                }
                case Exists, DoesNotExist -> {
                    if (!requirement.values().isEmpty()) {
                        problems.add(problem(
                                at + ".values",
                                "must be empty for operator " + requirement.operator()
                                        + "; remove values or use In/NotIn"));
                    }
                }
            }
        }
        return problems;
    }

    private static Problem problem(String field, String message) {
        return new Problem(field, Reasons.INVALID_TEMPLATE, message);
    }
}
