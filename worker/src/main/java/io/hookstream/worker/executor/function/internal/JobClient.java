package io.hookstream.worker.executor.function.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hookstream.schemas.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The blocking Kubernetes calls of the Function executor. Call only from a worker pool, never from an event loop.
 * API errors come out as {@link KubernetesClientException}s for the caller to turn into results.
 */
public final class JobClient {

    /** KubeStash's Function: {@code addons.kubestash.com/v1alpha1}, cluster-scoped. */
    public static final ResourceDefinitionContext FUNCTION = new ResourceDefinitionContext.Builder()
            .withGroup("addons.kubestash.com")
            .withVersion("v1alpha1")
            .withKind("Function")
            .withPlural("functions")
            .withNamespaced(false)
            .build();

    private final KubernetesClient client;

    public JobClient(KubernetesClient client) {
        this.client = client;
    }

    /** The {@code spec} of the named Function, or null when there is no such Function. */
    public JsonNode functionSpec(String name) {
        GenericKubernetesResource function =
                client.genericKubernetesResources(FUNCTION).withName(name).get();
        if (function == null) {
            return null;
        }
        Object spec = function.getAdditionalProperties().get("spec");
        return spec == null ? Json.mapper().createObjectNode() : Json.mapper().valueToTree(spec);
    }

    /** A Job made, or found: {@code adopted} when it already existed (a restarted worker, or a second one). */
    public record Placed(Job job, boolean adopted) {}

    /**
     * Creates the Job; when one of that name exists (409), adopts it if it belongs to the same hook.
     *
     * @throws JobConflictException when a Job of that name belongs to something else
     */
    public Placed createOrAdopt(ObjectNode manifest, String hookId) {
        Job job = client.getKubernetesSerialization().unmarshal(manifest.toString(), Job.class);
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        for (int tries = 0; tries < 2; tries++) {
            try {
                return new Placed(
                        client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(namespace)
                                .resource(job)
                                .create(),
                        false);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
            Job existing = client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (existing != null) {
                String owner = Optional.ofNullable(existing.getMetadata().getAnnotations())
                        .map(a -> a.get(JobManifest.ANNOTATION_HOOK_ID))
                        .orElse(null);
                if (!hookId.equals(owner)) {
                    throw new JobConflictException("Job " + namespace + "/" + name + " exists but belongs to "
                            + (owner == null ? "no hookstream hook" : "hook " + owner) + ", not to hook " + hookId
                            + ": delete that Job");
                }
                return new Placed(existing, true);
            }
            // deleted between the conflict and the read: create again
        }
        throw new JobConflictException("Job " + namespace + "/" + name + " kept conflicting and vanishing; retry");
    }

    /** Deletes the Job and, in the background, its pods. */
    public void delete(String namespace, String name) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
    }

    /** The newest pod of the Job: its function container's state and the tail of its log. */
    public PodReport podReport(String namespace, String jobName, int tailLines, int maxBytes) {
        List<Pod> pods = client.pods()
                .inNamespace(namespace)
                .withLabel(JobManifest.LABEL_JOB, jobName)
                .list()
                .getItems();
        Optional<Pod> newest = pods.stream()
                .max(Comparator.comparing(
                        pod -> Optional.ofNullable(pod.getMetadata().getCreationTimestamp())
                                .orElse("")));
        if (newest.isEmpty()) {
            return PodReport.none();
        }
        Pod pod = newest.get();
        String podName = pod.getMetadata().getName();
        Integer exitCode = null;
        String stateReason = null;
        ContainerStatus status = containerStatus(pod);
        if (status != null) {
            ContainerState state = status.getState();
            ContainerState last = status.getLastState();
            if (state != null && state.getTerminated() != null) {
                exitCode = state.getTerminated().getExitCode();
                stateReason = state.getTerminated().getReason();
            } else if (last != null && last.getTerminated() != null) {
                exitCode = last.getTerminated().getExitCode();
                stateReason = last.getTerminated().getReason();
            } else if (state != null && state.getWaiting() != null) {
                stateReason =
                        join(state.getWaiting().getReason(), state.getWaiting().getMessage());
            }
        } else if (pod.getStatus() != null && pod.getStatus().getReason() != null) {
            stateReason = join(pod.getStatus().getReason(), pod.getStatus().getMessage());
        }
        String log = null;
        String logError = null;
        try {
            log = LogTail.of(
                    client.pods()
                            .inNamespace(namespace)
                            .withName(podName)
                            .inContainer(JobManifest.CONTAINER)
                            .tailingLines(tailLines)
                            .getLog(),
                    maxBytes);
        } catch (KubernetesClientException e) {
            logError = "log of pod " + podName + " unavailable ("
                    + (e.getCode() == 403
                            ? "403 Forbidden: grant get on pods/log"
                            : e.getCode() > 0 ? "HTTP " + e.getCode() : String.valueOf(e.getMessage()))
                    + ")";
        }
        return new PodReport(podName, exitCode, stateReason, log, logError);
    }

    private static ContainerStatus containerStatus(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> JobManifest.CONTAINER.equals(s.getName()))
                .findFirst()
                .orElse(null);
    }

    private static String join(String reason, String message) {
        if (reason == null) {
            return message;
        }
        return message == null || message.isBlank() ? reason : reason + ": " + message;
    }
}
