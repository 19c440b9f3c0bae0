package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code spec} of a HookTemplate: who may use it, its params, what it does and who runs it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookTemplateSpec(
        UsagePolicy usagePolicy, List<ParameterDefinition> params, HookAction action, HookExecutor executor) {

    public HookTemplateSpec {
        params = params == null ? List.of() : List.copyOf(params);
    }

    /** The usage policy in force: KubeStash defaults a missing one to {@code from: Same}. */
    public UsagePolicy effectiveUsagePolicy() {
        if (usagePolicy == null
                || usagePolicy.allowedNamespaces() == null
                || usagePolicy.allowedNamespaces().from() == null) {
            return new UsagePolicy(new AllowedNamespaces(FromNamespaces.Same, null));
        }
        return usagePolicy;
    }
}
