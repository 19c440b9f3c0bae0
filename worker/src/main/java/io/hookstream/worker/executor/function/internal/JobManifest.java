package io.hookstream.worker.executor.function.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.ContainerRuntimeSettings;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.schemas.template.PodRuntimeSettings;
import io.hookstream.worker.executor.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the executor Job of one attempt of a Function hook, as JSON (batch/v1), from the Function's container
 * definition, the template's {@code executor.function} env/volumeMounts/volumes and the invocation's params,
 * variables, volumes, volumeMounts and runtimeSettings. Pure: no API call.
 *
 * <p>Environment, later entries replacing earlier ones of the same name: the Function's
 * {@code runtimeSettings.env}, the template's {@code executor.function.env}, the params, the invocation's
 * {@code variables}, its {@code runtimeSettings.container.env}. {@code ${var}} references in the image, command,
 * args and workingDir are substituted from the params, the literal values of the variables, and the built-ins
 * ({@link #builtIns}), which win.
 */
public final class JobManifest {

    /** Name of the one container of the Job's pod. */
    public static final String CONTAINER = "function";

    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_RUN_ID = "hookstream.io/run-id";
    public static final String LABEL_HOOK_NAME = "hookstream.io/hook-name";
    /** A hash of the hook id (see {@link JobNames#hookHash}). */
    public static final String LABEL_HOOK = "hookstream.io/hook";
    /** On the pod template: the Job's name, to find its pods by. */
    public static final String LABEL_JOB = "hookstream.io/job";

    public static final String ANNOTATION_RUN_ID = "hookstream.io/run-id";
    public static final String ANNOTATION_HOOK_ID = "hookstream.io/hook-id";
    public static final String ANNOTATION_HOOK_NAME = "hookstream.io/hook-name";
    public static final String ANNOTATION_ATTEMPT = "hookstream.io/attempt";
    public static final String ANNOTATION_FUNCTION = "hookstream.io/function";

    private JobManifest() {}

    /**
     * @param functionSpec the Function's {@code spec}
     * @throws InvalidFunctionException when the Function cannot make a container (no image)
     */
    public static ObjectNode build(
            Execution execution,
            String functionName,
            JsonNode functionSpec,
            String jobName,
            int attempt,
            Duration ttlAfterFinished) {
        if (functionSpec.path("image").asText("").isBlank()) {
            throw new InvalidFunctionException(
                    "Function " + functionName + " has no spec.image: give it the" + " image of the hook's container");
        }
        SessionSummary session = execution.session();
        FunctionHookExecutorSpec function = execution.executor().function();
        ObjectNode job =
                Json.mapper().createObjectNode().put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode metadata = job.putObject("metadata").put("name", jobName).put("namespace", session.namespace());
        ObjectNode labels = labels(execution);
        metadata.set("labels", labels);
        metadata.putObject("annotations")
                .put(ANNOTATION_RUN_ID, execution.runId())
                .put(ANNOTATION_HOOK_ID, execution.hookId())
                .put(ANNOTATION_HOOK_NAME, execution.hookName())
                .put(ANNOTATION_ATTEMPT, Integer.toString(attempt))
                .put(ANNOTATION_FUNCTION, functionName);

        ObjectNode spec = job.putObject("spec")
                .put("backoffLimit", 0)
                .put("activeDeadlineSeconds", Math.max(1, ceilSeconds(execution.timeout())))
                .put("ttlSecondsAfterFinished", ttlAfterFinished.toSeconds());
        ObjectNode template = spec.putObject("template");
        ObjectNode podMetadata = template.putObject("metadata");
        PodRuntimeSettings pod = execution.runtimeSettings() == null
                ? null
                : execution.runtimeSettings().pod();
        ObjectNode podLabels = podMetadata.putObject("labels");
        if (pod != null) {
            pod.podLabels().forEach(podLabels::put);
            if (!pod.podAnnotations().isEmpty()) {
                ObjectNode annotations = podMetadata.putObject("annotations");
                pod.podAnnotations().forEach(annotations::put);
            }
        }
        podLabels.setAll(labels);
        podLabels.put(LABEL_JOB, jobName);

        ObjectNode podSpec = template.putObject("spec").put("restartPolicy", "Never");
        Map<String, String> inputs = substitutionInputs(execution);
        podSpec.putArray("containers").add(container(execution, functionSpec, function, inputs));
        ArrayNode volumes = byKey(
                List.of(
                        array(function == null ? null : Json.mapper().valueToTree(function.volumes())),
                        array(Json.mapper().valueToTree(execution.volumes()))),
                "name");
        if (!volumes.isEmpty()) {
            podSpec.set("volumes", volumes);
        }
        if (pod != null) {
            applyPodSettings(podSpec, pod);
        }
        return job;
    }

    /**
     * The built-in inputs of substitution: {@code namespace} (the invoker's), {@code backupSession} or (for a
     * RestoreSession invoker) {@code restoreSession} (the session's name), {@code invokerKind},
     * {@code invokerName}, {@code targetKind}, {@code targetName} and {@code targetNamespace} where known.
     */
    public static Map<String, String> builtIns(SessionSummary session) {
        Map<String, String> builtIns = new LinkedHashMap<>();
        if (session == null) {
            return builtIns;
        }
        putIfSet(builtIns, "namespace", session.namespace());
        ObjectReference invoker = session.invoker();
        boolean restore = invoker != null && "RestoreSession".equals(invoker.kind());
        putIfSet(builtIns, restore ? "restoreSession" : "backupSession", session.name());
        if (invoker != null) {
            putIfSet(builtIns, "invokerKind", invoker.kind());
            putIfSet(builtIns, "invokerName", invoker.name());
        }
        ObjectReference target = session.target();
        if (target != null) {
            putIfSet(builtIns, "targetKind", target.kind());
            putIfSet(builtIns, "targetName", target.name());
            putIfSet(
                    builtIns, "targetNamespace", target.namespace() != null ? target.namespace() : session.namespace());
        }
        return builtIns;
    }

    private static Map<String, String> substitutionInputs(Execution execution) {
        Map<String, String> inputs = new LinkedHashMap<>(execution.params());
        for (EnvVar variable : execution.variables()) {
            if (variable.name() != null && variable.value() != null) {
                inputs.put(variable.name(), variable.value());
            }
        }
        inputs.putAll(builtIns(execution.session()));
        return inputs;
    }

    private static ObjectNode container(
            Execution execution, JsonNode functionSpec, FunctionHookExecutorSpec function, Map<String, String> inputs) {
        JsonNode functionSettings = functionSpec.path("runtimeSettings");
        ContainerRuntimeSettings invocation = execution.runtimeSettings() == null
                ? null
                : execution.runtimeSettings().container();
        JsonNode invocationSettings = invocation == null
                ? Json.mapper().createObjectNode()
                : Json.mapper().valueToTree(invocation);

        ObjectNode container = Json.mapper()
                .createObjectNode()
                .put("name", CONTAINER)
                .put("image", Substitution.apply(functionSpec.path("image").asText(), inputs));
        substituted(container, "command", functionSpec.path("command"), inputs);
        substituted(container, "args", functionSpec.path("args"), inputs);
        if (functionSpec.hasNonNull("workingDir")) {
            container.put(
                    "workingDir",
                    Substitution.apply(functionSpec.get("workingDir").asText(), inputs));
        }
        copyIfPresent(container, "ports", functionSpec.path("ports"));

        List<ArrayNode> env = new ArrayList<>();
        env.add(array(functionSettings.path("env")));
        env.add(array(function == null ? null : Json.mapper().valueToTree(function.env())));
        ArrayNode params = Json.mapper().createArrayNode();
        execution
                .params()
                .forEach((name, value) -> params.addObject().put("name", name).put("value", value));
        env.add(params);
        env.add(array(Json.mapper().valueToTree(execution.variables())));
        env.add(array(invocationSettings.path("env")));
        ArrayNode mergedEnv = byKey(env, "name");
        if (!mergedEnv.isEmpty()) {
            container.set("env", mergedEnv);
        }
        ArrayNode envFrom = Json.mapper().createArrayNode();
        envFrom.addAll(array(functionSettings.path("envFrom")));
        envFrom.addAll(array(invocationSettings.path("envFrom")));
        if (!envFrom.isEmpty()) {
            container.set("envFrom", envFrom);
        }
        ArrayNode mounts = byKey(
                List.of(
                        array(functionSpec.path("volumeMounts")),
                        array(function == null ? null : Json.mapper().valueToTree(function.volumeMounts())),
                        array(Json.mapper().valueToTree(execution.volumeMounts()))),
                "mountPath");
        if (!mounts.isEmpty()) {
            container.set("volumeMounts", mounts);
        }
        copyIfPresent(container, "volumeDevices", functionSpec.path("volumeDevices"));
        for (String field : List.of("resources", "livenessProbe", "readinessProbe", "lifecycle", "securityContext")) {
            JsonNode chosen =
                    invocationSettings.hasNonNull(field) ? invocationSettings.get(field) : functionSettings.path(field);
            copyIfPresent(container, field, chosen);
        }
        return container;
    }

    private static void applyPodSettings(ObjectNode podSpec, PodRuntimeSettings pod) {
        putMap(podSpec, "nodeSelector", pod.nodeSelector());
        putText(podSpec, "serviceAccountName", pod.serviceAccountName());
        if (pod.automountServiceAccountToken() != null) {
            podSpec.put("automountServiceAccountToken", pod.automountServiceAccountToken());
        }
        putText(podSpec, "nodeName", pod.nodeName());
        copyIfPresent(podSpec, "securityContext", pod.securityContext());
        copyList(podSpec, "imagePullSecrets", pod.imagePullSecrets());
        copyIfPresent(podSpec, "affinity", pod.affinity());
        putText(podSpec, "schedulerName", pod.schedulerName());
        copyList(podSpec, "tolerations", pod.tolerations());
        putText(podSpec, "priorityClassName", pod.priorityClassName());
        if (pod.priority() != null) {
            podSpec.put("priority", pod.priority());
        }
        copyList(podSpec, "readinessGates", pod.readinessGates());
        putText(podSpec, "runtimeClassName", pod.runtimeClassName());
        if (pod.enableServiceLinks() != null) {
            podSpec.put("enableServiceLinks", pod.enableServiceLinks());
        }
        copyList(podSpec, "topologySpreadConstraints", pod.topologySpreadConstraints());
    }

    private static ObjectNode labels(Execution execution) {
        return Json.mapper()
                .createObjectNode()
                .put(LABEL_MANAGED_BY, "hookstream")
                .put(LABEL_RUN_ID, JobNames.labelValue(execution.runId()))
                .put(LABEL_HOOK_NAME, JobNames.labelValue(execution.hookName()))
                .put(LABEL_HOOK, JobNames.hookHash(execution.hookId()));
    }

    /** The items of the lists, in order; an item whose {@code key} repeats an earlier one replaces it in place. */
    private static ArrayNode byKey(List<ArrayNode> lists, String key) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        List<JsonNode> keyless = new ArrayList<>();
        for (ArrayNode list : lists) {
            for (JsonNode item : list) {
                if (item.hasNonNull(key)) {
                    byKey.put(item.get(key).asText(), item);
                } else {
                    keyless.add(item);
                }
            }
        }
        ArrayNode merged = Json.mapper().createArrayNode();
        byKey.values().forEach(merged::add);
        keyless.forEach(merged::add);
        return merged;
    }

    private static ArrayNode array(JsonNode node) {
        return node != null && node.isArray()
                ? (ArrayNode) node.deepCopy()
                : Json.mapper().createArrayNode();
    }

    private static void substituted(ObjectNode container, String field, JsonNode items, Map<String, String> inputs) {
        if (!items.isArray() || items.isEmpty()) {
            return;
        }
        ArrayNode out = container.putArray(field);
        items.forEach(item -> out.add(Substitution.apply(item.asText(), inputs)));
    }

    private static void copyIfPresent(ObjectNode target, String field, JsonNode value) {
        if (value != null && !value.isMissingNode() && !value.isNull()) {
            target.set(field, value.deepCopy());
        }
    }

    private static void copyList(ObjectNode target, String field, List<JsonNode> items) {
        if (!items.isEmpty()) {
            ArrayNode out = target.putArray(field);
            items.forEach(item -> out.add(item.deepCopy()));
        }
    }

    private static void putMap(ObjectNode target, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode out = target.putObject(field);
            map.forEach(out::put);
        }
    }

    private static void putText(ObjectNode target, String field, String value) {
        if (value != null && !value.isBlank()) {
            target.put(field, value);
        }
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static long ceilSeconds(Duration timeout) {
        long seconds = timeout.getSeconds();
        return timeout.getNano() > 0 ? seconds + 1 : seconds;
    }
}
