package io.hookstream.worker.internal.templates;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.kubernetes.TemplateConversion;
import java.util.Map;

/**
 * The HookTemplate resource and the invoker's Namespace read from the API server for each check (two gets; the
 * worker's ClusterRole grants get on hooktemplates and namespaces). API errors propagate as
 * {@link io.fabric8.kubernetes.client.KubernetesClientException}.
 */
public final class ClusterTemplateLookup implements TemplateLookup {

    private static final ResourceDefinitionContext HOOK_TEMPLATES = new ResourceDefinitionContext.Builder()
            .withGroup("core.kubestash.com").withVersion("v1alpha1").withKind("HookTemplate")
            .withPlural("hooktemplates").withNamespaced(true).build();

    private final KubernetesClient client;

    public ClusterTemplateLookup(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Found find(String templateNamespace, String templateName, String invokerNamespace) {
        GenericKubernetesResource resource = client.genericKubernetesResources(HOOK_TEMPLATES)
                .inNamespace(templateNamespace).withName(templateName).get();
        Namespace namespace = invokerNamespace == null ? null : client.namespaces().withName(invokerNamespace).get();
        Map<String, String> labels = namespace == null ? null : NamespaceManifest.labelsOf(invokerNamespace,
                namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels());
        if (resource == null) {
            return new Found(null, labels, null);
        }
        TemplateConversion.Converted converted = TemplateConversion.convert(resource);
        return converted.valid() ? new Found(converted.template(), labels, null)
                : new Found(null, labels, "it is invalid: " + converted.problems());
    }
}
