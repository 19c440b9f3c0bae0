package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    private final KubernetesClient client;

    public PodFinder(KubernetesClient client) {
        this.client = client;
    }

    /** Never throws for an API failure: it comes back as {@link PodSelection#failure()}. */
    public PodSelection find(String namespace, Selector selector, OwnerReference owner, String containerName) {
        Map<String, String> equalities = selector.equalities();
        if (equalities == null) {
            return new PodSelection(List.of(), 0, 0, null);
        }
        List<Pod> selected;
        try {
            selected = client.pods().inNamespace(namespace).withLabels(equalities).list().getItems().stream()
                    .filter(pod -> selector.matches(pod.getMetadata().getLabels()))
                    .toList();
        } catch (KubernetesClientException e) {
            return PodSelection.failed(KubernetesFailures.outcome("list", "pods", namespace, e));
        }
        List<Pod> owned;
        try {
            OwnerMatcher matcher = owner == null ? null : new OwnerMatcher(client, namespace, owner);
            owned = matcher == null ? selected : selected.stream().filter(matcher::owns).toList();
        } catch (KubernetesClientException e) {
            return PodSelection.failed(KubernetesFailures.outcome("get", "replicasets", namespace, e));
        }
        List<Pod> ready = owned.stream()
                .filter(pod -> PodReadiness.canRun(pod, containerName))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
        return new PodSelection(ready, selected.size(), owned.size(), null);
    }
}
