package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.event.ObjectReference;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a run's invoker from the API server: its API version (the group's preferred version, by discovery) and
 * uid. Both are needed for Events that {@code kubectl describe} shows (it selects Events by the object's uid) and
 * for an owner reference. An invoker that cannot be read (not found, a kind the dispatcher may not get, an
 * unknown group) resolves without a uid: its Events are still posted, by name, and its HookRun gets no owner.
 */
public final class InvokerResolver {

    /** A resolved invoker: {@code apiVersion} and {@code uid} are null when unknown. */
    public record Invoker(ObjectReference ref, String apiVersion, String uid) {

        public boolean exists() {
            return uid != null && apiVersion != null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InvokerResolver.class);

    private final KubernetesClient client;
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Set<String> forbiddenLogged = ConcurrentHashMap.newKeySet();

    public InvokerResolver(KubernetesClient client) {
        this.client = client;
    }

    /** Blocking: discovery (cached per group) and one GET of the invoker. */
    public Invoker resolve(ObjectReference ref) {
        String apiVersion = apiVersion(ref.apiGroup());
        if (apiVersion == null) {
            return new Invoker(ref, null, null);
        }
        try {
            GenericKubernetesResource found = client.genericKubernetesResources(apiVersion, ref.kind())
                    .inNamespace(ref.namespace())
                    .withName(ref.name())
                    .get();
            return new Invoker(
                    ref, apiVersion, found == null ? null : found.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            String kind = ref.kind() + (blank(ref.apiGroup()) ? "" : "." + ref.apiGroup());
            if (e.getCode() == 403 && forbiddenLogged.add(kind)) {
                LOG.info(
                        "the dispatcher may not get {} objects: hook Events on them are posted by name only "
                                + "(kubectl describe shows Events by uid, so it will not list them) and their HookRuns are "
                                + "not owned by them; grant 'get' on that resource to the dispatcher (docs/kubernetes.md, "
                                + "\"RBAC\")",
                        kind);
            } else {
                LOG.debug("invoker {} {}/{} not read: {}", kind, ref.namespace(), ref.name(), e.getMessage());
            }
            return new Invoker(ref, apiVersion, null);
        }
    }

    private String apiVersion(String group) {
        if (blank(group)) {
            return "v1";
        }
        String known = versions.get(group);
        if (known != null) {
            return known;
        }
        try {
            APIGroup found = client.getApiGroup(group);
            if (found == null || found.getPreferredVersion() == null) {
                LOG.debug("API group {} is not served: its invokers' Events are posted without uid", group);
                return null;
            }
            String version = found.getPreferredVersion().getGroupVersion();
            versions.put(group, version);
            return version;
        } catch (KubernetesClientException e) {
            LOG.debug("discovery of API group {} failed: {}", group, e.getMessage());
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
