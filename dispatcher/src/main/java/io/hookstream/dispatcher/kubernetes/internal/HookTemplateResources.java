package io.hookstream.dispatcher.kubernetes.internal;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hookstream.schemas.template.HookTemplate;

/** Where HookTemplates live in the Kubernetes API: {@code hooktemplates.core.kubestash.com/v1alpha1}, namespaced. */
public final class HookTemplateResources {

    public static final String VERSION = "v1alpha1";
    public static final String PLURAL = "hooktemplates";

    /** The context {@code genericKubernetesResources(...)} reads HookTemplates with. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(HookTemplate.GROUP)
            .withVersion(VERSION)
            .withKind(HookTemplate.KIND)
            .withPlural(PLURAL)
            .withNamespaced(true)
            .build();

    private HookTemplateResources() {}
}
