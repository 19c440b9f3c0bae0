package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the pods owned as {@code executor.pod.owner} says: one of the pod's ownerReferences has the owner's uid
 * or, when the template leaves uid empty, its kind and name. A Deployment owner also matches the pods of its
 * ReplicaSets: each ReplicaSet owning a pod is read once (get replicasets) and matched the same way. Blocking:
 * call on the Kubernetes worker pool; API errors propagate as {@code KubernetesClientException}.
 */
public final class OwnerMatcher {

    private static final String DEPLOYMENT = "Deployment";
    private static final String REPLICA_SET = "ReplicaSet";

    private final KubernetesClient client;
    private final String namespace;
    private final io.hookstream.schemas.template.OwnerReference owner;
    private final Map<String, Optional<ReplicaSet>> replicaSets = new HashMap<>();

    public OwnerMatcher(
            KubernetesClient client, String namespace, io.hookstream.schemas.template.OwnerReference owner) {
        this.client = client;
        this.namespace = namespace;
        this.owner = owner;
    }

    public boolean owns(Pod pod) {
        List<OwnerReference> references = pod.getMetadata().getOwnerReferences();
        if (references == null) {
            return false;
        }
        for (OwnerReference reference : references) {
            if (isOwner(reference)) {
                return true;
            }
            if (DEPLOYMENT.equals(owner.kind())
                    && REPLICA_SET.equals(reference.getKind())
                    && replicaSet(reference.getName()).map(this::ownedDirectly).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private boolean ownedDirectly(ReplicaSet replicaSet) {
        List<OwnerReference> references = replicaSet.getMetadata().getOwnerReferences();
        return references != null && references.stream().anyMatch(this::isOwner);
    }

    private boolean isOwner(OwnerReference reference) {
        if (owner.uid() != null && !owner.uid().isBlank()) {
            return owner.uid().equals(reference.getUid());
        }
        return owner.kind() != null
                && owner.kind().equals(reference.getKind())
                && owner.name() != null
                && owner.name().equals(reference.getName());
    }

    private Optional<ReplicaSet> replicaSet(String name) {
        return replicaSets.computeIfAbsent(
                name,
                key -> Optional.ofNullable(client.apps()
                        .replicaSets()
                        .inNamespace(namespace)
                        .withName(key)
                        .get()));
    }

    /** {@code Deployment/db (uid 123)}, for messages. */
    public static String describe(io.hookstream.schemas.template.OwnerReference owner) {
        boolean hasUid = owner.uid() != null && !owner.uid().isBlank();
        return owner.kind() + "/" + owner.name() + (hasUid ? " (uid " + owner.uid() + ")" : "");
    }
}
