package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.template.OwnerReference;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds the pods a hook runs on: lists the namespace's pods with the selector's {@code key=value} parts (the
 * API server filters by them), keeps those that meet the whole selector and the owner, then those that are
 * Running with a ready target container, sorted by pod name. Blocking: call on the Kubernetes worker pool.
 */
public final class PodFinder {

    private static final Comparator<Pod> BY_NAME =
            Comparator.comparing(pod -> pod.getMetadata().getName());

    private final KubernetesClient client;

    public PodFinder(KubernetesClient client) {
        this.client = client;
    }

    /** Never throws for an API failure: it comes back as {@link PodSelection#failure()}. */
    public PodSelection find(String namespace, Selector selector, OwnerReference owner, String containerName) {
        Map<String, String> equalities = selector.equalities();
        if (equalities == null) {
            return new PodSelection(List.of(), List.of(), 0, null);
        }
        List<Pod> listed;
        try {
            listed = client.pods()
                    .inNamespace(namespace)
                    .withLabels(equalities)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            return PodSelection.failed(KubernetesFailures.outcome("list", "pods", namespace, e));
        }
        return select(listed, selector, matcher(namespace, owner), namespace, containerName);
    }

    /** An owner matcher for {@link #select}, or null without an owner; it caches the ReplicaSets it reads. */
    public OwnerMatcher matcher(String namespace, OwnerReference owner) {
        return owner == null ? null : new OwnerMatcher(client, namespace, owner);
    }

    /**
     * Selects among pods listed already (e.g. an informer's cache): the whole selector, then the owner (which
     * may read ReplicaSets), then readiness. Never throws for an API failure.
     */
    public static PodSelection select(
            List<Pod> listed, Selector selector, OwnerMatcher matcher, String namespace, String containerName) {
        List<Pod> selected = listed.stream()
                .filter(pod -> selector.matches(pod.getMetadata().getLabels()))
                .toList();
        List<Pod> owned;
        try {
            owned = matcher == null
                    ? selected
                    : selected.stream().filter(matcher::owns).toList();
        } catch (KubernetesClientException e) {
            return PodSelection.failed(KubernetesFailures.outcome("get", "replicasets", namespace, e));
        }
        List<Pod> sorted = owned.stream().sorted(BY_NAME).toList();
        List<Pod> ready = sorted.stream()
                .filter(pod -> PodReadiness.canRun(pod, containerName))
                .toList();
        return new PodSelection(ready, sorted, selected.size(), null);
    }
}
