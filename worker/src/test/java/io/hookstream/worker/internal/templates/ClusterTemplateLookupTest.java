package io.hookstream.worker.internal.templates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The worker's cluster template source against fabric8's mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class ClusterTemplateLookupTest {

    private static final ResourceDefinitionContext HOOK_TEMPLATES = new ResourceDefinitionContext.Builder()
            .withGroup("core.kubestash.com")
            .withVersion("v1alpha1")
            .withKind("HookTemplate")
            .withPlural("hooktemplates")
            .withNamespaced(true)
            .build();

    static KubernetesClient client;
    static KubernetesMockServer server;

    private final AtomicLong now = new AtomicLong();
    private final ClusterTemplateLookup lookup = new ClusterTemplateLookup(client, now::get);

    @Test
    void readsTheTemplateAndTheInvokerNamespaceLabelsAndKeepsThemForAMoment() {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("prod")
                        .withLabels(Map.of("tier", "production"))
                        .endMetadata()
                        .build())
                .create();
        apply("dump", "demo");

        TemplateLookup.Found found = lookup.find("demo", "dump", "prod");
        int requests = server.getRequestCount();
        TemplateLookup.Found again = lookup.find("demo", "dump", "prod");

        assertThat(found.template().name()).isEqualTo("dump");
        assertThat(found.namespaceLabels())
                .containsEntry("tier", "production")
                .containsEntry("kubernetes.io/metadata.name", "prod");
        assertThat(again.template()).isEqualTo(found.template());
        assertThat(server.getRequestCount()).as("no API call within MAX_AGE").isEqualTo(requests);
    }

    @Test
    void aDeletedTemplateIsSeenOnceTheKeptAnswerIsOlderThanMaxAge() {
        apply("gone", "demo");
        assertThat(lookup.find("demo", "gone", "demo").template()).isNotNull();
        client.genericKubernetesResources(HOOK_TEMPLATES)
                .inNamespace("demo")
                .withName("gone")
                .delete();

        now.addAndGet(ClusterTemplateLookup.MAX_AGE.toNanos() + 1);

        TemplateLookup.Found found = lookup.find("demo", "gone", "demo");
        assertThat(found.template()).isNull();
        assertThat(found.problem()).isNull();
        assertThat(found.namespaceLabels()).as("no such Namespace object").isNull();
    }

    @Test
    void anInvalidTemplateIsReportedWithItsProblems() {
        GenericKubernetesResource invalid =
                new KubernetesSerialization().unmarshal("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: broken, namespace: demo}
                spec:
                  executor: {type: Operator}
                """, GenericKubernetesResource.class);
        client.genericKubernetesResources(HOOK_TEMPLATES)
                .inNamespace("demo")
                .resource(invalid)
                .create();

        TemplateLookup.Found found = lookup.find("demo", "broken", "demo");

        assertThat(found.template()).isNull();
        assertThat(found.problem()).startsWith("it is invalid");
    }

    private static void apply(String name, String namespace) {
        client.genericKubernetesResources(HOOK_TEMPLATES)
                .inNamespace(namespace)
                .resource(new KubernetesSerialization()
                        .unmarshal("""
                        apiVersion: core.kubestash.com/v1alpha1
                        kind: HookTemplate
                        metadata: {name: %s, namespace: %s}
                        spec:
                          usagePolicy: {allowedNamespaces: {from: All}}
                          action: {exec: {command: ["/bin/true"]}}
                          executor: {type: Operator}
                        """.formatted(name, namespace), GenericKubernetesResource.class))
                .create();
    }
}
