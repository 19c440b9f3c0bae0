package io.hookstream.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hookstream.dispatcher.DispatcherException;
import io.hookstream.dispatcher.kubernetes.internal.HookTemplateResources;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.policy.UsagePolicyCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ClusterCatalog against fabric8's mock API server in CRUD mode (lists and watches served like a real one). */
@EnableKubernetesMockClient(crud = true)
class ClusterCatalogTest {

    private static final Duration SYNC = Duration.ofSeconds(10);

    KubernetesMockServer server;
    KubernetesClient client;

    private final AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>();
    private final ExecutorService blocking = Executors.newFixedThreadPool(2);
    private ClusterCatalog cluster;

    @BeforeEach
    void registerCrd() {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("core.kubestash.com")
                .withVersion("v1alpha1")
                .withKind("HookTemplate")
                .withPlural("hooktemplates")
                .withScope("Namespaced")
                .build());
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        blocking.shutdownNow();
    }

    @Test
    void templatesAddedChangedAndDeletedThroughTheApiAreServed() {
        apply(template("demo", "existing", "echo before-start"));
        CatalogSnapshot first = start(List.of());
        assertThat(first.find("demo", "existing")).isPresent();
        assertThat(catalog.get()).isSameAs(first);

        apply(template("demo", "added", "echo one"));
        await().atMost(SYNC).until(() -> catalog.get().find("demo", "added").isPresent());

        apply(template("demo", "added", "echo two"));
        await().atMost(SYNC)
                .until(() -> commandOf(catalog.get(), "demo", "added").contains("echo two"));

        templates().inNamespace("demo").withName("added").delete();
        await().atMost(SYNC).until(() -> catalog.get().find("demo", "added").isEmpty());
        assertThat(catalog.get().find("demo", "existing")).isPresent();
        assertThat(catalog.get().problems()).isEmpty();
    }

    @Test
    void namespaceLabelsAddedAndChangedDecideASelectorPolicy() {
        apply(selectorTemplate("ops", "prod-only", "production"));
        namespace("team-a", Map.of());
        start(List.of());
        var template = catalog.get().find("ops", "prod-only").orElseThrow();
        assertThat(UsagePolicyCheck.check(template, "team-a", catalog.get().labelsOf("team-a")))
                .isNotNull()
                .extracting(p -> p.reason())
                .isEqualTo(Reasons.NAMESPACE_NOT_ALLOWED);

        namespace("team-a", Map.of("tier", "production"));
        await().atMost(SYNC)
                .until(() ->
                        UsagePolicyCheck.check(template, "team-a", catalog.get().labelsOf("team-a")) == null);
        assertThat(catalog.get().labelsOf("team-a")).containsEntry("kubernetes.io/metadata.name", "team-a");

        namespace("team-a", Map.of("tier", "staging"));
        await().atMost(SYNC)
                .until(() ->
                        UsagePolicyCheck.check(template, "team-a", catalog.get().labelsOf("team-a")) != null);

        namespace("team-b", Map.of("tier", "production"));
        await().atMost(SYNC)
                .until(() ->
                        UsagePolicyCheck.check(template, "team-b", catalog.get().labelsOf("team-b")) == null);
    }

    @Test
    void aTemplateChangedToInvalidIsNotServedAndIsReportedWithAnEvent() {
        apply(template("demo", "breaks", "echo fine"));
        start(List.of());
        assertThat(catalog.get().find("demo", "breaks")).isPresent();

        GenericKubernetesResource broken = template("demo", "breaks", "echo fine");
        ((Map<String, Object>) broken.getAdditionalProperties().get("spec")).remove("executor");
        apply(broken);

        await().atMost(SYNC).until(() -> catalog.get().find("demo", "breaks").isEmpty());
        assertThat(catalog.get().problems()).extracting(LoadProblem::field).containsExactly("spec.executor.type");
        assertThat(catalog.get().problems().get(0).message()).contains("HookTemplate demo/breaks");
        await().atMost(SYNC).until(() -> !eventsOn("demo", "breaks").isEmpty());
        Event event = eventsOn("demo", "breaks").get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).contains("spec.executor.type");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("HookTemplate");

        apply(template("demo", "breaks", "echo fixed"));
        await().atMost(SYNC).until(() -> catalog.get().find("demo", "breaks").isPresent());
        assertThat(catalog.get().problems()).isEmpty();
    }

    @Test
    void aTemplateWithAnUnknownFieldIsNotServedAndTheFieldIsNamed() {
        GenericKubernetesResource typo = template("demo", "typo", "echo x");
        ((Map<String, Object>) typo.getAdditionalProperties().get("spec")).put("acton", Map.of());
        apply(typo);

        start(List.of());

        assertThat(catalog.get().find("demo", "typo")).isEmpty();
        assertThat(catalog.get().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.acton");
            assertThat(problem.message()).contains("acton").doesNotContain("io.hookstream");
        });
        await().atMost(SYNC).until(() -> eventsOn("demo", "typo").size() == 1);
    }

    @Test
    void everyProblemOfAnInvalidTemplateIsListedLoggedAndInItsEventNotJustTheFirstBindingError() {
        apply(parse("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: many-faults
                  namespace: demo
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: Selector
                  executor:
                    type: Pod
                    pod:
                      selector: app=db
                      strategy: OnAll
                """));

        start(List.of());

        assertThat(catalog.get().find("demo", "many-faults")).isEmpty();
        assertThat(catalog.get().problems())
                .extracting(LoadProblem::field)
                .containsExactly(
                        "spec.executor.pod.strategy", "spec.usagePolicy.allowedNamespaces.selector", "spec.action");
        assertThat(catalog.get().problems())
                .allSatisfy(problem -> assertThat(problem.toString())
                        .endsWith("[HookTemplate demo/many-faults is not served until it is fixed]"));
        assertThat(catalog.get().problems().get(0).message())
                .contains("'OnAll'")
                .contains("ExecuteOnOne, ExecuteOnAll");
        await().atMost(SYNC).until(() -> eventsOn("demo", "many-faults").size() == 1);
        assertThat(eventsOn("demo", "many-faults").get(0).getMessage())
                .contains("spec.executor.pod.strategy")
                .contains("spec.usagePolicy.allowedNamespaces.selector")
                .contains("spec.action");
    }

    @Test
    void forbiddenEventCreationLeavesInvalidTemplatesUnservedAndTheCatalogWorking() {
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/demo/events")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("events is forbidden")
                                .build())
                .always();
        GenericKubernetesResource first = template("demo", "bad-one", "echo x");
        ((Map<String, Object>) first.getAdditionalProperties().get("spec")).remove("action");
        apply(first);
        start(List.of());

        GenericKubernetesResource second = template("demo", "bad-two", "echo x");
        ((Map<String, Object>) second.getAdditionalProperties().get("spec")).remove("action");
        apply(second);
        apply(template("demo", "good", "echo fine"));

        await().atMost(SYNC).until(() -> catalog.get().find("demo", "good").isPresent());
        assertThat(catalog.get().templates().keySet())
                .extracting(Object::toString)
                .containsExactly("demo/good");
        assertThat(catalog.get().problems())
                .extracting(LoadProblem::field)
                .containsExactly("spec.action", "spec.action");
        assertThat(eventsOn("demo", "bad-one")).isEmpty();
    }

    @Test
    void watchNamespacesRestrictsTheTemplatesServed() {
        apply(template("watched", "seen", "echo a"));
        apply(template("elsewhere", "ignored", "echo b"));

        start(List.of("watched", "also-watched"));
        apply(template("also-watched", "later", "echo c"));
        apply(template("elsewhere", "later", "echo d"));

        await().atMost(SYNC)
                .until(() -> catalog.get().find("also-watched", "later").isPresent());
        assertThat(catalog.get().templates().keySet())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("watched/seen", "also-watched/later");
    }

    @Test
    void startFailsNamingTheApiServerAndWhatToCheckWhenHookTemplatesCannotBeListed() {
        KubernetesMockServer bare = new KubernetesMockServer(false);
        bare.init();
        try (KubernetesClient bareClient = bare.createClient()) {
            ClusterCatalog failing = new ClusterCatalog(bareClient, List.of(), blocking, "test", catalog::set);

            assertThatThrownBy(() -> failing.start(SYNC))
                    .isInstanceOf(DispatcherException.class)
                    .hasMessageContaining(bareClient.getConfiguration().getMasterUrl())
                    .hasMessageContaining("hooktemplates.core.kubestash.com")
                    .hasMessageContaining("list and watch");
            assertThat(catalog.get()).isNull();
        } finally {
            bare.destroy();
        }
    }

    @Test
    void startFailsAtOnceAsForbiddenWhenRbacRefusesTheList() {
        server.expect()
                .get()
                .withPath("/apis/core.kubestash.com/v1alpha1/hooktemplates?resourceVersion=0")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("hooktemplates.core.kubestash.com is forbidden")
                                .build())
                .always();
        ClusterCatalog forbidden = new ClusterCatalog(client, List.of(), blocking, "test", catalog::set);

        long started = System.nanoTime();
        assertThatThrownBy(() -> forbidden.start(Duration.ofSeconds(20)))
                .isInstanceOf(DispatcherException.class)
                .hasMessageContaining("RBAC allows get, list and watch on hooktemplates.core.kubestash.com")
                .satisfies(e -> assertThat(((DispatcherException) e).reason()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("refused, not retried until the timeout")
                .isLessThan(Duration.ofSeconds(10));
    }

    private CatalogSnapshot start(List<String> namespaces) {
        cluster = new ClusterCatalog(client, namespaces, blocking, "test", catalog::set);
        return cluster.start(SYNC);
    }

    private MixedOperation<GenericKubernetesResource, ?, ?> templates() {
        return client.genericKubernetesResources(HookTemplateResources.CONTEXT);
    }

    private void apply(GenericKubernetesResource resource) {
        templates()
                .inNamespace(resource.getMetadata().getNamespace())
                .resource(resource)
                .createOr(r -> r.update());
    }

    private void namespace(String name, Map<String, String> labels) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build())
                .createOr(r -> r.update());
    }

    private List<Event> eventsOn(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "InvalidHookTemplate".equals(e.getReason()))
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static String commandOf(CatalogSnapshot snapshot, String namespace, String name) {
        return snapshot.find(namespace, name)
                .map(t -> t.spec().action().exec().command().toString())
                .orElse("");
    }

    static GenericKubernetesResource template(String namespace, String name, String script) {
        return parse("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: All
                  action:
                    exec:
                      command: ["/bin/sh", "-c", "%s"]
                  executor:
                    type: Operator
                """.formatted(name, namespace, script));
    }

    private static GenericKubernetesResource selectorTemplate(String namespace, String name, String tier) {
        return parse("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: Selector
                      selector:
                        matchLabels:
                          tier: %s
                  action:
                    exec:
                      command: ["echo", "hi"]
                  executor:
                    type: Operator
                """.formatted(name, namespace, tier));
    }

    private static GenericKubernetesResource parse(String yaml) {
        return new KubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    }
}
