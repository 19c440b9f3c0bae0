package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.hookstream.dispatcher.kubernetes.runs.HookRunResources;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one HookRun: creates it (metadata and spec) when this process has not yet, then replaces its status
 * through the status subresource, optimistically locked on the resourceVersion last seen. A conflict (409) reads
 * the HookRun again: a status already further along (a newer owner's, after a failover) is left as it is, else the
 * write is repeated on the fresh version. A HookRun gone (404, 410: deleted, or collected with its invoker) is
 * created again. Blocking; one thread at a time per run.
 */
public final class HookRunWriter {

    /** What became of a write. */
    public enum Result {
        /** The status is written. */
        WRITTEN,
        /** The HookRun already shows this state or a later one: nothing written. */
        UP_TO_DATE,
        /** The dispatcher may not write HookRuns (RBAC): the caller pauses mirroring. */
        FORBIDDEN,
        /** The API server does not serve HookRuns (the CRD is not installed): the caller pauses mirroring. */
        NOT_INSTALLED,
        /** Anything else (namespace gone, server error, too many conflicts): this view is given up. */
        FAILED
    }

    /** What the writer keeps per run between writes: the last resourceVersion it saw. */
    public static final class Written {
        volatile String resourceVersion;
    }

    private static final int ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(HookRunWriter.class);

    private final KubernetesClient client;

    public HookRunWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Writes {@code status} to the HookRun {@code resource} (created from {@code create} when needed, which may read
     * the invoker first); {@code written} carries the resourceVersion from one write of the run to the next.
     * {@code readFirst}: the HookRun most likely exists (a view restored after a failover): read it before
     * creating anything, so a HookRun already up to date costs one GET.
     */
    public Result write(
            Supplier<GenericKubernetesResource> create,
            String namespace,
            String name,
            Map<String, Object> status,
            Written written,
            boolean readFirst) {
        NonNamespaceOperation<
                        GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                hookRuns = client.genericKubernetesResources(HookRunResources.CONTEXT)
                        .inNamespace(namespace);
        int desired = HookRunDocument.rank(status);
        KubernetesClientException last = null;
        if (readFirst && written.resourceVersion == null) {
            try {
                GenericKubernetesResource current = hookRuns.withName(name).get();
                if (current != null) {
                    written.resourceVersion = current.getMetadata().getResourceVersion();
                    if (HookRunDocument.rank(statusOf(current)) >= desired) {
                        return Result.UP_TO_DATE;
                    }
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    return Result.FORBIDDEN;
                }
                LOG.debug("HookRun {}/{} not read: {}", namespace, name, e.getMessage());
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            boolean creating = written.resourceVersion == null;
            try {
                GenericKubernetesResource current;
                if (creating) {
                    current = createOrRead(hookRuns, create.get(), name);
                    if (current == null) {
                        continue; // deleted between our create and read: create again
                    }
                    if (HookRunDocument.rank(statusOf(current)) >= desired) {
                        written.resourceVersion = current.getMetadata().getResourceVersion();
                        return Result.UP_TO_DATE;
                    }
                    written.resourceVersion = current.getMetadata().getResourceVersion();
                }
                GenericKubernetesResource update = new GenericKubernetesResource();
                update.setApiVersion(HookRunResources.API_VERSION);
                update.setKind(HookRunResources.KIND);
                update.setMetadata(new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withResourceVersion(written.resourceVersion)
                        .build());
                update.setAdditionalProperty("status", status);
                GenericKubernetesResource updated = hookRuns.resource(update).updateStatus();
                written.resourceVersion = updated.getMetadata().getResourceVersion();
                return Result.WRITTEN;
            } catch (KubernetesClientException e) {
                last = e;
                switch (e.getCode()) {
                    case 403 -> {
                        return Result.FORBIDDEN;
                    }
                    case 404, 410 -> {
                        if (creating) {
                            return notInstalled(e) ? Result.NOT_INSTALLED : Result.FAILED;
                        }
                        LOG.debug("HookRun {}/{} is gone ({}): creating it again", namespace, name, e.getCode());
                        written.resourceVersion = null;
                    }
                    case 409 -> {
                        GenericKubernetesResource current =
                                hookRuns.withName(name).get();
                        if (current == null) {
                            written.resourceVersion = null;
                        } else if (HookRunDocument.rank(statusOf(current)) > desired) {
                            written.resourceVersion = current.getMetadata().getResourceVersion();
                            return Result.UP_TO_DATE;
                        } else {
                            written.resourceVersion = current.getMetadata().getResourceVersion();
                        }
                    }
                    default -> {
                        LOG.debug("HookRun {}/{} not written: {}", namespace, name, e.getMessage());
                        return Result.FAILED;
                    }
                }
            }
        }
        LOG.debug(
                "HookRun {}/{} not written after {} attempts: {}",
                namespace,
                name,
                ATTEMPTS,
                last == null ? "" : last.getMessage());
        return Result.FAILED;
    }

    private static GenericKubernetesResource createOrRead(
            NonNamespaceOperation<
                            GenericKubernetesResource,
                            GenericKubernetesResourceList,
                            Resource<GenericKubernetesResource>>
                    hookRuns,
            GenericKubernetesResource resource,
            String name) {
        try {
            return hookRuns.resource(resource).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return hookRuns.withName(name).get(); // made before: by this run's previous owner, or an earlier try
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> statusOf(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** A 404 on create that is about the resource type, not the namespace: the CRD is missing. */
    private static boolean notInstalled(KubernetesClientException e) {
        StatusDetails details = e.getStatus() == null ? null : e.getStatus().getDetails();
        if (details != null && details.getKind() != null) {
            return !details.getKind().startsWith("namespace");
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        return !message.contains("namespaces \"");
    }
}
