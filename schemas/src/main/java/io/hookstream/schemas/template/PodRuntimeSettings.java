package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The pod part of {@link RuntimeSettings} (kmodules offshoot-api {@code PodRuntimeSettings}). Kubernetes objects
 * such as the security context, affinity or tolerations are kept as the JSON trees they came as, to be passed on
 * unchanged to the executor pod.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodRuntimeSettings(
        Map<String, String> podLabels,
        Map<String, String> podAnnotations,
        Map<String, String> nodeSelector,
        String serviceAccountName,
        Map<String, String> serviceAccountAnnotations,
        Boolean automountServiceAccountToken,
        String nodeName,
        JsonNode securityContext,
        List<JsonNode> imagePullSecrets,
        JsonNode affinity,
        String schedulerName,
        List<JsonNode> tolerations,
        String priorityClassName,
        Integer priority,
        List<JsonNode> readinessGates,
        String runtimeClassName,
        Boolean enableServiceLinks,
        List<JsonNode> topologySpreadConstraints) {

    public PodRuntimeSettings {
        podLabels = JsonTrees.copy(podLabels);
        podAnnotations = JsonTrees.copy(podAnnotations);
        nodeSelector = JsonTrees.copy(nodeSelector);
        serviceAccountAnnotations = JsonTrees.copy(serviceAccountAnnotations);
        securityContext = JsonTrees.copy(securityContext);
        imagePullSecrets = JsonTrees.copy(imagePullSecrets);
        affinity = JsonTrees.copy(affinity);
        tolerations = JsonTrees.copy(tolerations);
        readinessGates = JsonTrees.copy(readinessGates);
        topologySpreadConstraints = JsonTrees.copy(topologySpreadConstraints);
    }
}
