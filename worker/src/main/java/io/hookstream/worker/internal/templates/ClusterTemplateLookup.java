package io.hookstream.worker.internal.templates;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.kubernetes.TemplateConversion;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The HookTemplate resource and the invoker's Namespace read from the API server (two gets; the worker's
 * ClusterRole grants get on hooktemplates and namespaces), each answer kept for {@link #MAX_AGE} so a burst of
 * hooks of one template costs two calls, not two per hook; a change to a template or namespace is seen within
 * that time. API errors propagate as {@link io.fabric8.kubernetes.client.KubernetesClientException} and are
 * not kept.
 */
public final class ClusterTemplateLookup implements TemplateLookup {

    private static final ResourceDefinitionContext HOOK_TEMPLATES = new ResourceDefinitionContext.Builder()
            .withGroup("core.kubestash.com")
            .withVersion("v1alpha1")
            .withKind("HookTemplate")
            .withPlural("hooktemplates")
            .withNamespaced(true)
            .build();

    /** How long a template or namespace read from the API server is used before it is read again. */
    public static final Duration MAX_AGE = Duration.ofSeconds(2);

    private static final int MAX_ENTRIES = 10_000;

    private record Kept<V>(V value, long readAt) {}

    private final KubernetesClient client;
    private final LongSupplier nanoTime;
    private final Map<String, Kept<Found>> templates = new ConcurrentHashMap<>();
    /** Labels of each namespace read, empty when there is no such Namespace. */
    private final Map<String, Kept<Optional<Map<String, String>>>> namespaces = new ConcurrentHashMap<>();

    public ClusterTemplateLookup(KubernetesClient client) {
        this(client, System::nanoTime);
    }

    ClusterTemplateLookup(KubernetesClient client, LongSupplier nanoTime) {
        this.client = client;
        this.nanoTime = nanoTime;
    }

    @Override
    public Found find(String templateNamespace, String templateName, String invokerNamespace) {
        Found template = recent(
                templates,
                templateNamespace + "/" + templateName,
                () -> convert(client.genericKubernetesResources(HOOK_TEMPLATES)
                        .inNamespace(templateNamespace)
                        .withName(templateName)
                        .get()));
        Map<String, String> labels = invokerNamespace == null
                ? null
                : recent(namespaces, invokerNamespace, () -> labelsOf(invokerNamespace))
                        .orElse(null);
        return new Found(template.template(), labels, template.problem());
    }

    private Optional<Map<String, String>> labelsOf(String name) {
        Namespace namespace = client.namespaces().withName(name).get();
        return Optional.ofNullable(
                namespace == null
                        ? null
                        : NamespaceManifest.labelsOf(
                                name,
                                namespace.getMetadata().getLabels() == null
                                        ? Map.of()
                                        : namespace.getMetadata().getLabels()));
    }

    private static Found convert(GenericKubernetesResource resource) {
        if (resource == null) {
            return new Found(null, null, null);
        }
        TemplateConversion.Converted converted = TemplateConversion.convert(resource);
        return converted.valid()
                ? new Found(converted.template(), null, null)
                : new Found(null, null, "it is invalid: " + converted.problems());
    }

    private <V> V recent(Map<String, Kept<V>> kept, String key, Supplier<V> read) {
        long now = nanoTime.getAsLong();
        Kept<V> entry = kept.get(key);
        if (entry != null && now - entry.readAt() < MAX_AGE.toNanos()) {
            return entry.value();
        }
        V value = read.get();
        if (kept.size() >= MAX_ENTRIES) {
            kept.clear();
        }
        kept.put(key, new Kept<>(value, now));
        return value;
    }
}
