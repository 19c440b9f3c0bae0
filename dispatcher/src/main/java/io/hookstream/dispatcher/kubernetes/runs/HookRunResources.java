package io.hookstream.dispatcher.kubernetes.runs;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Where the mirror of runs lives in the Kubernetes API: {@code hookruns.hookstream.io/v1alpha1}, namespaced (in the
 * invoker's namespace), short name {@code hr}; the CRD is {@code deploy/kubernetes/base/crds/hookruns.hookstream.io.yaml}.
 */
public final class HookRunResources {

    public static final String GROUP = "hookstream.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "HookRun";
    public static final String PLURAL = "hookruns";

    /** Label on every HookRun the dispatcher writes (its retention sweep lists by it). */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    public static final String MANAGER = "hookstream-dispatcher";
    public static final String INVOKER_KIND = "hookstream.io/invoker-kind";
    public static final String INVOKER_NAME = "hookstream.io/invoker-name";
    public static final String PHASE = "hookstream.io/phase";
    /** Annotation with the run id as given (the name is a DNS-1123 form of it). */
    public static final String RUN_ID = "hookstream.io/run-id";

    /** The context {@code genericKubernetesResources(...)} reads and writes HookRuns with. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind(KIND)
            .withPlural(PLURAL)
            .withNamespaced(true)
            .build();

    private HookRunResources() {}
}
