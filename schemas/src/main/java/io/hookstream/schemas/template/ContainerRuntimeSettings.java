package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The container part of {@link RuntimeSettings} (kmodules offshoot-api {@code ContainerRuntimeSettings}).
 * Kubernetes objects (resources, probes, lifecycle, security context, envFrom sources) and the nice/ionice
 * settings are kept as the JSON trees they came as, to be passed on unchanged to the executor container.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerRuntimeSettings(
        JsonNode resources,
        JsonNode livenessProbe,
        JsonNode readinessProbe,
        JsonNode lifecycle,
        JsonNode securityContext,
        JsonNode nice,
        JsonNode ionice,
        List<JsonNode> envFrom,
        List<EnvVar> env) {

    public ContainerRuntimeSettings {
        resources = JsonTrees.copy(resources);
        livenessProbe = JsonTrees.copy(livenessProbe);
        readinessProbe = JsonTrees.copy(readinessProbe);
        lifecycle = JsonTrees.copy(lifecycle);
        securityContext = JsonTrees.copy(securityContext);
        nice = JsonTrees.copy(nice);
        ionice = JsonTrees.copy(ionice);
        envFrom = JsonTrees.copy(envFrom);
        env = env == null ? List.of() : List.copyOf(env);
    }
}
