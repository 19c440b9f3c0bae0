package io.hookstream.dispatcher.kubernetes.runs;

import static io.hookstream.dispatcher.kubernetes.runs.MirrorFixtures.hookRun;
import static io.hookstream.dispatcher.kubernetes.runs.RunMirrorTest.list;
import static io.hookstream.dispatcher.kubernetes.runs.RunMirrorTest.map;
import static io.hookstream.dispatcher.kubernetes.runs.RunMirrorTest.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.dispatcher.kubernetes.DispatcherApi;
import io.hookstream.dispatcher.kubernetes.internal.HookTemplateResources;
import io.hookstream.dispatcher.kubernetes.runs.internal.HookRunNames;
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
import io.micrometer.core.instrument.Counter;
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

/**
 * A real dispatcher ({@code --template-source kubernetes}, its client on fabric8's mock API server) on the
 * embedded broker: a run submitted over HTTP appears as a HookRun and follows it to its outcome; a failed hook is
 * a Warning Event on the invoker; a second dispatcher that takes the partitions over restores the run and
 * converges on the same HookRun, posting nothing again; and a dispatcher forbidden to write HookRuns still runs.
 */
@WithEmbeddedKafka
@EnableKubernetesMockClient(crud = true)
class HookRunMirrorDispatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    KubernetesMockServer server;
    KubernetesClient client;

    private final DispatcherApi api = new DispatcherApi(() -> this.dispatcher, WAIT);
    private Vertx vertx;
    private Dispatcher dispatcher;
    private DispatcherConfig config;
    private PrometheusMeterRegistry registry;
    private String sessionUid;

    @BeforeEach
    void start(EmbeddedKafkaBroker broker) throws Exception {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("core.kubestash.com")
                .withVersion("v1alpha1")
                .withKind("HookTemplate")
                .withPlural("hooktemplates")
                .withScope("Namespaced")
                .build());
        MirrorFixtures.installCrds(server, client);
        sessionUid = MirrorFixtures.backupSession(client, "demo", "backup-1");
        client.genericKubernetesResources(HookTemplateResources.CONTEXT)
                .inNamespace("demo")
                .resource(MirrorFixtures.echoTemplate("greet"))
                .create();
        config = DispatcherConfig.from(new ConfigReader(
                TestSigning.ENV,
                Map.of(
                        "bootstrap-servers", broker.bootstrapServers(),
                        "topic-prefix", "hr-" + UUID.randomUUID().toString().substring(0, 6) + ".",
                        "topic-partitions", "2",
                        "template-source", "kubernetes",
                        "http-host", "127.0.0.1",
                        "http-port", "0")));
        vertx = Vertx.vertx();
        startDispatcher();
    }

    private void startDispatcher() throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dispatcher = Dispatcher.start(vertx, config, registry, client).await(60, TimeUnit.SECONDS);
        await("dispatcher assigned").atMost(WAIT).until(dispatcher::isAssigned);
        await("templates served")
                .atMost(WAIT)
                .until(() -> get("/v1/templates").body().contains("greet"));
    }

    @AfterEach
    void stop() throws Exception {
        if (dispatcher != null) {
            dispatcher.stop().await(30, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aRunAppearsAsAHookRunFollowsItToItsOutcomeAndSurvivesAFailoverWithoutDuplicates() throws Exception {
        String runId;
        try (RecordCollector hooks = RecordCollector.subscribe(
                config.kafka().bootstrapServers(), config.kafka().topics().hooks(Phase.PRE_BACKUP))) {
            HttpResponse<String> posted = post(request("quiesce", "dump", "resume"));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            runId = tree(posted.body()).get("runId").asText();
            String name = HookRunNames.of(runId);

            GenericKubernetesResource running = await("HookRun Running")
                    .atMost(WAIT)
                    .until(() -> hookRun(client, "demo", name), r -> r != null && status(r) != null);
            assertThat(status(running)).containsEntry("status", "Running").containsEntry("progress", "0/3");
            assertThat(running.getMetadata().getOwnerReferences())
                    .extracting(o -> o.getUid())
                    .containsExactly(sessionUid);

            result(hookEvent(hooks, runId, 0), HookStatus.Succeeded, null, null);
            await("first hook mirrored")
                    .atMost(WAIT)
                    .until(() ->
                            "1/3".equals(status(hookRun(client, "demo", name)).get("progress")));
            result(hookEvent(hooks, runId, 1), HookStatus.Failed, "NonZeroExit", "exit code 3");

            Map<String, Object> failed = await("HookRun Failed")
                    .atMost(WAIT)
                    .until(() -> status(hookRun(client, "demo", name)), s -> "Failed".equals(s.get("status")));
            assertThat(failed).containsEntry("reason", "HookFailed").containsEntry("progress", "3/3");
            assertThat(list(failed.get("hooks")))
                    .extracting(h -> map(h).get("status"))
                    .containsExactly("Succeeded", "Failed", "Skipped");
            assertThat(list(failed.get("conditions")))
                    .extracting(c -> map(c).get("type"))
                    .containsExactly("Failed");
            Event event = await("Event on the invoker")
                    .atMost(WAIT)
                    .until(() -> client.v1().events().inNamespace("demo").list().getItems(), l -> !l.isEmpty())
                    .get(0);
            assertThat(event.getReason()).isEqualTo("HookFailed");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(sessionUid);
            assertThat(event.getMessage()).contains(runId).contains("'dump'").contains("NonZeroExit");
        }
        assertThat(tree(get("/v1/runs/" + runId).body()).get("status").asText()).isEqualTo("Failed");
        String name = HookRunNames.of(runId);
        String version = hookRun(client, "demo", name).getMetadata().getResourceVersion();

        // another dispatcher takes the partitions over and restores the run from the state topic
        dispatcher.stop().await(30, TimeUnit.SECONDS);
        dispatcher = null;
        startDispatcher();
        await("restored view found the HookRun up to date").atMost(WAIT).until(() -> writes("up_to_date") >= 1);
        assertThat(hookRun(client, "demo", name).getMetadata().getResourceVersion())
                .isEqualTo(version);
        assertThat(client.genericKubernetesResources(HookRunResources.CONTEXT)
                        .inNamespace("demo")
                        .list()
                        .getItems())
                .hasSize(1);
        assertThat(client.v1().events().inNamespace("demo").list().getItems()).hasSize(1);
    }

    @Test
    void aDispatcherForbiddenToWriteHookRunsStillRunsTheRun() throws Exception {
        server.expect()
                .post()
                .withPath("/apis/hookstream.io/v1alpha1/namespaces/demo/hookruns")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .build())
                .always();
        try (RecordCollector hooks = RecordCollector.subscribe(
                config.kafka().bootstrapServers(), config.kafka().topics().hooks(Phase.PRE_BACKUP))) {
            HttpResponse<String> posted = post(request("dump"));
            String runId = tree(posted.body()).get("runId").asText();
            result(hookEvent(hooks, runId, 0), HookStatus.Succeeded, null, null);

            await("run Succeeded")
                    .atMost(WAIT)
                    .until(() -> tree(get("/v1/runs/" + runId).body())
                            .path("status")
                            .asText()
                            .equals("Succeeded"));
            await("mirroring paused")
                    .atMost(WAIT)
                    .until(() -> registry.find("hookstream.kubernetes.run.mirror.paused")
                                    .gauge()
                                    .value()
                            == 1.0);
            assertThat(hookRun(client, "demo", HookRunNames.of(runId))).isNull();
        }
    }

    private double writes(String result) {
        return registry.find("hookstream.kubernetes.run.mirror.writes").tag("result", result).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private void result(HookEvent event, HookStatus status, String reason, String message) throws Exception {
        Instant now = Instant.now();
        HookResult result = new HookResult(
                event.hookId(),
                event.runId(),
                event.phase(),
                event.hookIndex(),
                event.hookName(),
                event.template(),
                event.session().invoker(),
                event.executor().type(),
                status,
                reason,
                message,
                1,
                now,
                now,
                5,
                List.of());
        PlainKafka.produce(
                config.kafka().bootstrapServers(),
                config.kafka().topics().results(),
                event.runId(),
                Json.mapper().writeValueAsBytes(result),
                Map.of());
    }

    private HookEvent hookEvent(RecordCollector hooks, String runId, int index) throws Exception {
        return api.hookEvent(hooks, runId, index);
    }

    private static String request(String... hookNames) {
        return DispatcherApi.request("BackupSession", "backup-1", hookNames);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return api.get(path);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return api.post(body);
    }

    private static JsonNode tree(String json) {
        return DispatcherApi.tree(json);
    }
}
