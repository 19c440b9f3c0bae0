package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Optional;

/**
 * Which container of a pod a hook targets, and whether the pod can run it now: phase Running, not being
 * deleted, and that container's status {@code ready: true}.
 */
public final class PodReadiness {

    private PodReadiness() {}

    /** The container named {@code containerName}, or the pod's first container when the name is empty. */
    public static Optional<Container> targetContainer(Pod pod, String containerName) {
        List<Container> containers =
                pod.getSpec() == null ? null : pod.getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            return Optional.empty();
        }
        if (containerName == null || containerName.isBlank()) {
            return Optional.of(containers.get(0));
        }
        return containers.stream()
                .filter(container -> containerName.equals(container.getName()))
                .findFirst();
    }

    /** Being deleted, or in phase Succeeded or Failed (evicted, say): such a pod will not become ready. */
    public static boolean cannotBecomeReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /**
     * Why a pod cannot run the hook now, in a word or two for messages: {@code Terminating}, the phase when it is
     * not Running (with the target container's waiting reason or the pod's status reason, e.g. {@code Pending
     * (ImagePullBackOff)}, {@code Failed (Evicted)}), else the target container's waiting reason (e.g. {@code
     * CrashLoopBackOff}), else the reason of the pod's Ready condition (e.g. {@code ContainersNotReady}), else
     * {@code container 'app' not ready}; {@code no container 'x'} when the target container does not exist.
     */
    public static String whyNotReady(Pod pod, String containerName) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        Optional<Container> container = targetContainer(pod, containerName);
        if (container.isEmpty()) {
            return containerName == null || containerName.isBlank()
                    ? "no containers"
                    : "no container '" + containerName + "'";
        }
        PodStatus status = pod.getStatus();
        String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
        String waiting = waitingReason(status, container.get().getName());
        if (!"Running".equals(phase)) {
            String why = waiting != null ? waiting : status == null ? null : status.getReason();
            return why == null || why.isBlank() ? phase : phase + " (" + why + ")";
        }
        if (waiting != null) {
            return waiting;
        }
        String condition = readyConditionReason(status);
        return condition != null ? condition : "container '" + container.get().getName() + "' not ready";
    }

    private static String waitingReason(PodStatus status, String container) {
        List<ContainerStatus> statuses = status == null ? null : status.getContainerStatuses();
        if (statuses == null) {
            return null;
        }
        return statuses.stream()
                .filter(s -> container.equals(s.getName()))
                .map(s -> s.getState() == null || s.getState().getWaiting() == null
                        ? null
                        : s.getState().getWaiting().getReason())
                .filter(reason -> reason != null && !reason.isBlank())
                .findFirst()
                .orElse(null);
    }

    private static String readyConditionReason(PodStatus status) {
        List<PodCondition> conditions = status == null ? null : status.getConditions();
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> "Ready".equals(c.getType()) && !"True".equals(c.getStatus()))
                .map(PodCondition::getReason)
                .filter(reason -> reason != null && !reason.isBlank())
                .findFirst()
                .orElse(null);
    }

    /** Running, not terminating, and the target container exists and is ready. */
    public static boolean canRun(Pod pod, String containerName) {
        if (pod.getStatus() == null
                || !"Running".equals(pod.getStatus().getPhase())
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        Optional<Container> container = targetContainer(pod, containerName);
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        return container.isPresent()
                && statuses != null
                && statuses.stream()
                        .anyMatch(status -> container.get().getName().equals(status.getName())
                                && Boolean.TRUE.equals(status.getReady()));
    }
}
