package io.hookstream.dispatcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.dispatcher.kubernetes.internal.HookTemplateResources;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher with {@code --template-source kubernetes}: the embedded broker and fabric8's mock API server. */
@WithEmbeddedKafka
@EnableKubernetesMockClient(crud = true)
class ClusterTemplatesDispatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesMockServer server;
    KubernetesClient client;

    private final DispatcherApi api = new DispatcherApi(() -> this.dispatcher, WAIT);
    private Vertx vertx;
    private Dispatcher dispatcher;
    private DispatcherConfig config;

    @BeforeEach
    void start(EmbeddedKafkaBroker broker) throws Exception {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("core.kubestash.com")
                .withVersion("v1alpha1")
                .withKind("HookTemplate")
                .withPlural("hooktemplates")
                .withScope("Namespaced")
                .build());
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("demo")
                        .withLabels(Map.of("tier", "test"))
                        .endMetadata()
                        .build())
                .create();
        config = DispatcherConfig.from(new ConfigReader(
                TestSigning.ENV,
                Map.of(
                        "bootstrap-servers", broker.bootstrapServers(),
                        "topic-prefix", "k8s-" + UUID.randomUUID().toString().substring(0, 6) + ".",
                        "topic-partitions", "2",
                        "template-source", "kubernetes",
                        "http-host", "127.0.0.1",
                        "http-port", "0")));
        vertx = Vertx.vertx();
        dispatcher = Dispatcher.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), client)
                .await(60, TimeUnit.SECONDS);
        await("dispatcher assigned").atMost(WAIT).until(dispatcher::isAssigned);
    }

    @AfterEach
    void stop() throws Exception {
        if (dispatcher != null) {
            dispatcher.stop().await(30, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aRunOfATemplateCreatedThroughTheApiIsPlannedAndKeepsItWhenTheTemplateChanges() throws Exception {
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(tree(get("/health").body()).get("templateSource").asText()).isEqualTo("kubernetes");
        apply(ClusterCatalogTest.template("demo", "greet", "echo version-1"));
        await("template served")
                .atMost(WAIT)
                .until(() -> get("/v1/templates").body().contains("greet"));

        try (RecordCollector hooks =
                RecordCollector.subscribe(bootstrap(), config.kafka().topics().hooks(Phase.PRE_BACKUP))) {
            HttpResponse<String> posted = post(request("first", "second"));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            String runId = tree(posted.body()).get("runId").asText();
            HookEvent first = hookEvent(hooks, runId, 0);
            assertThat(first.action().exec().command()).contains("echo version-1");

            // the template changes while the run is in flight: the rest of the run keeps what it was planned with
            apply(ClusterCatalogTest.template("demo", "greet", "echo version-2"));
            await("change served")
                    .atMost(WAIT)
                    .until(() -> get("/v1/templates").body().contains("version-2"));
            PlainKafka.produce(
                    bootstrap(),
                    config.kafka().topics().results(),
                    runId,
                    Json.mapper().writeValueAsBytes(succeeded(first)),
                    Map.of());

            HookEvent second = hookEvent(hooks, runId, 1);
            assertThat(second.action().exec().command()).contains("echo version-1");
        }
        HttpResponse<String> next = post(request("again"));
        assertThat(next.statusCode()).isEqualTo(202);
        try (RecordCollector hooks =
                RecordCollector.subscribe(bootstrap(), config.kafka().topics().hooks(Phase.PRE_BACKUP))) {
            assertThat(hookEvent(hooks, tree(next.body()).get("runId").asText(), 0)
                            .action()
                            .exec()
                            .command())
                    .as("a new run uses the changed template")
                    .contains("echo version-2");
        }
    }

    @Test
    void aRunOfADeletedTemplateIsRejectedAsNotFound() throws Exception {
        apply(ClusterCatalogTest.template("demo", "short-lived", "echo hi"));
        await("template served")
                .atMost(WAIT)
                .until(() -> get("/v1/templates").body().contains("short-lived"));
        client.genericKubernetesResources(HookTemplateResources.CONTEXT)
                .inNamespace("demo")
                .withName("short-lived")
                .delete();
        await("template gone")
                .atMost(WAIT)
                .until(() -> !get("/v1/templates").body().contains("short-lived"));

        HttpResponse<String> answer = post(request("x").replace("greet", "short-lived"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("TemplateNotFound").contains("demo/short-lived");
    }

    private static HookResult succeeded(HookEvent event) {
        Instant now = Instant.now();
        return new HookResult(
                event.hookId(),
                event.runId(),
                event.phase(),
                event.hookIndex(),
                event.hookName(),
                event.template(),
                event.session().invoker(),
                event.executor().type(),
                HookStatus.Succeeded,
                null,
                null,
                1,
                now,
                now,
                0,
                List.of());
    }

    private static String request(String... hookNames) {
        return DispatcherApi.request("BackupConfiguration", "backup", hookNames);
    }

    private void apply(GenericKubernetesResource resource) {
        client.genericKubernetesResources(HookTemplateResources.CONTEXT)
                .inNamespace("demo")
                .resource(resource)
                .createOr(r -> r.update());
    }

    private String bootstrap() {
        return config.kafka().bootstrapServers();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return api.get(path);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return api.post(body);
    }

    private HookEvent hookEvent(RecordCollector hooks, String runId, int index) throws Exception {
        return api.hookEvent(hooks, runId, index);
    }

    private static JsonNode tree(String json) {
        return DispatcherApi.tree(json);
    }
}
