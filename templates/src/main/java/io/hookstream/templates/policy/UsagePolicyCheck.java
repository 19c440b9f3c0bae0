package io.hookstream.templates.policy;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.AllowedNamespaces;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.LabelSelector;
import io.hookstream.schemas.template.LabelSelectorRequirement;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.policy.internal.SelectorRules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether a namespace may use a HookTemplate, by its {@code usagePolicy.allowedNamespaces}: {@code Same}
 * (the default, also for a missing policy) allows only the template's own namespace, {@code All} every
 * namespace, {@code Selector} the namespaces whose labels match the selector. An invalid selector allows
 * nothing.
 */
public final class UsagePolicyCheck {

    /** The namespace kubectl gives a template whose manifest names none. */
    private static final String DEFAULT_NAMESPACE = "default";

    private UsagePolicyCheck() {}

    /**
     * {@code null} when {@code invokerNamespace} may use {@code template}; otherwise a Problem with field
     * {@code hookTemplate} and reason NamespaceNotAllowed naming the template, its policy and the namespace.
     * {@code invokerNamespaceLabels} are the namespace's labels (null: just
     * {@value NamespaceManifest#NAME_LABEL}).
     */
    public static Problem check(
            HookTemplate template, String invokerNamespace, Map<String, String> invokerNamespaceLabels) {
        String templateNamespace =
                template.namespace() == null || template.namespace().isBlank()
                        ? DEFAULT_NAMESPACE
                        : template.namespace();
        String name = "HookTemplate " + templateNamespace + "/" + template.name();
        AllowedNamespaces allowed = template.spec() == null
                ? new AllowedNamespaces(FromNamespaces.Same, null)
                : template.spec().effectiveUsagePolicy().allowedNamespaces();
        return switch (allowed.from()) {
            case All -> null;
            case Same ->
                templateNamespace.equals(invokerNamespace)
                        ? null
                        : denied(name
                                + " allows only its own namespace (usagePolicy.allowedNamespaces.from: Same), so namespace '"
                                + invokerNamespace + "' may not use it; use a template in '" + invokerNamespace
                                + "' or set the template's usagePolicy to from: All or from: Selector");
            case Selector -> selector(name, allowed.selector(), invokerNamespace, invokerNamespaceLabels);
        };
    }

    private static Problem selector(String name, LabelSelector selector, String namespace, Map<String, String> given) {
        if (selector == null) {
            return denied(name + " has usagePolicy.allowedNamespaces.from: Selector without a selector, so no "
                    + "namespace may use it; add a selector to the template");
        }
        List<Problem> invalid = SelectorRules.check(selector, "spec.usagePolicy.allowedNamespaces.selector");
        if (!invalid.isEmpty()) {
            return denied(name + " has an invalid usagePolicy selector (" + invalid.get(0)
                    + "), so no namespace may use it; fix the template");
        }
        Map<String, String> labels =
                given != null ? given : namespace == null ? Map.of() : NamespaceManifest.labelsOf(namespace, Map.of());
        if (selector.matches(labels)) {
            return null;
        }
        return denied(name + " allows only namespaces matching its usagePolicy selector " + describe(selector)
                + "; namespace '" + namespace + "' with labels " + new TreeMap<>(labels)
                + " does not match: label the namespace to match, or widen the template's selector");
    }

    static String describe(LabelSelector selector) {
        String labels = selector.matchLabels().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        String expressions = selector.matchExpressions().stream()
                .map(UsagePolicyCheck::describe)
                .collect(Collectors.joining(","));
        String all = labels.isEmpty() ? expressions : expressions.isEmpty() ? labels : labels + "," + expressions;
        return "{" + all + "}";
    }

    private static String describe(LabelSelectorRequirement requirement) {
        return switch (requirement.operator()) {
            case Exists -> requirement.key();
            case DoesNotExist -> "!" + requirement.key();
            case In -> requirement.key() + " in (" + String.join(",", requirement.values()) + ")";
            case NotIn -> requirement.key() + " notin (" + String.join(",", requirement.values()) + ")";
        };
    }

    private static Problem denied(String message) {
        return new Problem("hookTemplate", Reasons.NAMESPACE_NOT_ALLOWED, message);
    }
}
