package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Which container of a pod a hook targets, and whether the pod can run it now: phase Running, not being
 * deleted, and that container's status {@code ready: true}.
 */
public final class PodReadiness {

    private PodReadiness() {
    }

    /** The container named {@code containerName}, or the pod's first container when the name is empty. */
    public static Optional<Container> targetContainer(Pod pod, String containerName) {
        List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            return Optional.empty();
        }
        if (containerName == null || containerName.isBlank()) {
            return Optional.of(containers.get(0));
        }
        return containers.stream().filter(container -> containerName.equals(container.getName())).findFirst();
    }

    /** Running, not terminating, and the target container exists and is ready. */
    public static boolean canRun(Pod pod, String containerName) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        Optional<Container> container = targetContainer(pod, containerName);
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        return container.isPresent() && statuses != null && statuses.stream().anyMatch(status ->
                container.get().getName().equals(status.getName()) && Boolean.TRUE.equals(status.getReady()));
    }
}
