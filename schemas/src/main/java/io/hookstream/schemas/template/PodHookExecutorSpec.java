package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code executor.pod}: a label selector string ({@code "app=my-app,env=prod"}), an owner reference that
 * filters the selected pods, and the strategy when several match (ExecuteOnOne by default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodHookExecutorSpec(String selector, OwnerReference owner, PodHookExecutorStrategy strategy) {

    public PodHookExecutorStrategy effectiveStrategy() {
        return strategy == null ? PodHookExecutorStrategy.ExecuteOnOne : strategy;
    }
}
