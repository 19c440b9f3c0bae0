package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pod and Function hooks end to end: run requests on Kafka, the dispatcher reading HookTemplates through the
 * Kubernetes API ({@code --template-source kubernetes}), the worker exec-ing into pods and running Functions as
 * Jobs, outcomes and results read from Kafka. Everything is real except the API server: fabric8's mock in CRUD
 * mode, with expectations for the exec and log subresources. The mock runs no Jobs, so the test plays the Job
 * controller: once the Function's Job appears it creates the Job's pod, terminated, and marks the Job succeeded.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesHooksIT {

    private static final String NS = "demo";
    private static final String FUNCTION = "mysql-backup-hook";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ResourceDefinitionContext HOOK_TEMPLATES = new CustomResourceDefinitionContext.Builder()
            .withGroup("core.kubestash.com")
            .withVersion("v1alpha1")
            .withKind("HookTemplate")
            .withPlural("hooktemplates")
            .withScope("Namespaced")
            .build();
    private static final ResourceDefinitionContext FUNCTIONS = new ResourceDefinitionContext.Builder()
            .withGroup("addons.kubestash.com")
            .withVersion("v1alpha1")
            .withKind("Function")
            .withPlural("functions")
            .withNamespaced(false)
            .build();
    /** Labels and container name the worker's Jobs carry (see the worker's JobManifest). */
    private static final String LABEL_RUN_ID = "hookstream.io/run-id";

    private static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String FUNCTION_CONTAINER = "function";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private Hookstream hookstream;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()),
                new MockWebServer(),
                responses,
                new KubernetesMixedDispatcher(responses),
                false);
        server.init();
        server.expectCustomResource((CustomResourceDefinitionContext) HOOK_TEMPLATES);
        client = server.createClient();

        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
        apply(template("mysql-flush", """
                  params:
                  - {name: DB, usage: the database to flush, required: true}
                  action:
                    exec:
                      command: ["mysql", "--database={{ .Params.DB }}", "-e", "FLUSH TABLES"]
                  executor:
                    type: Pod
                    pod: {selector: app=mysql}
                """));
        apply(template("mysql-backup", """
                  executor:
                    type: Function
                    function:
                      name: %s
                """.formatted(FUNCTION)));
        apply(template("postgres-flush", """
                  action:
                    exec:
                      command: ["psql", "-c", "CHECKPOINT"]
                  executor:
                    type: Pod
                    pod: {selector: app=postgres, waitTimeout: 2s}
                """));
        createFunction();
        client.pods()
                .inNamespace(NS)
                .resource(runningPod("mysql-0", Map.of("app", "mysql")))
                .create();

        hookstream = Hookstream.startOnKubernetes(broker, client);
        Awaitility.await("templates served from the API").atMost(WAIT).until(() -> {
            String body = hookstream.get("/v1/templates").body();
            return body.contains("mysql-flush") && body.contains("mysql-backup") && body.contains("postgres-flush");
        });
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (hookstream != null) {
                hookstream.close();
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.destroy();
            }
        }
    }

    @Test
    void preBackupRunExecsInThePodThenRunsTheFunctionAsOneJob() {
        String runId = Hookstream.newRunId("k8s");
        expectExec(execArgv(runId, "flush-tables", "orders"), "Tables flushed\n");

        hookstream.submitOnKafka(Requests.preBackup(NS)
                .hook("flush-tables", "mysql-flush", null, Map.of("DB", "orders"), null, "20s", null)
                .hook("backup", "mysql-backup", null, null, null, "20s", null)
                .json()
                .put("runId", runId));
        Job job = awaitJob(runId);
        String jobPod = finishJob(job, "dumping orders\nbackup complete\n");

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("Succeeded");
        assertThat(outcome.get("phase").asText()).isEqualTo("pre-backup");
        assertThat(outcome.get("hooks"))
                .extracting(h -> h.get("name").asText() + ":" + h.get("status").asText())
                .containsExactly("flush-tables:Succeeded", "backup:Succeeded");
        List<JsonNode> results = hookstream.resultsOf(runId);
        assertThat(results).hasSize(2);
        JsonNode pod = resultOf(results, "flush-tables");
        assertThat(pod.get("executorType").asText()).isEqualTo("Pod");
        assertThat(pod.get("status").asText()).isEqualTo("Succeeded");
        assertThat(pod.get("targets")).singleElement().satisfies(target -> {
            assertThat(target.get("name").asText()).isEqualTo("pod/mysql-0");
            assertThat(target.get("exitCode").asInt()).isZero();
            assertThat(target.get("stdout").asText()).isEqualTo("Tables flushed\n");
        });
        JsonNode function = resultOf(results, "backup");
        assertThat(function.get("executorType").asText()).isEqualTo("Function");
        assertThat(function.get("status").asText()).isEqualTo("Succeeded");
        assertThat(function.get("targets")).singleElement().satisfies(target -> {
            assertThat(target.get("name").asText()).isEqualTo("pod/" + jobPod);
            assertThat(target.get("exitCode").asInt()).isZero();
            assertThat(target.get("stdout").asText()).isEqualTo("dumping orders\nbackup complete\n");
        });
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .withLabel(LABEL_MANAGED_BY, "hookstream")
                        .list()
                        .getItems())
                .as("Jobs created")
                .singleElement()
                .satisfies(created -> {
                    assertThat(created.getMetadata().getLabels()).containsEntry(LABEL_RUN_ID, runId);
                    assertThat(created.getSpec()
                                    .getTemplate()
                                    .getSpec()
                                    .getContainers()
                                    .get(0)
                                    .getImage())
                            .isEqualTo("mysql:8.4");
                });
    }

    @Test
    void podHookWhoseSelectorMatchesNoPodFailsAfterItsWaitTimeoutAndTheWorkerKeepsServing() {
        String runId = hookstream.submitOnKafka(Requests.preBackup(NS)
                .hook("checkpoint", "postgres-flush", null, null, null, "20s", null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("Failed");
        assertThat(outcome.get("reason").asText()).isEqualTo("HookFailed");
        assertThat(outcome.get("message").asText()).contains("NoPodMatched", "executor.pod.selector 'app=postgres'");
        JsonNode result = hookstream.resultsOf(runId).get(0);
        assertThat(result.get("status").asText()).isEqualTo("Failed");
        assertThat(result.get("reason").asText()).isEqualTo("NoPodMatched");
        assertThat(result.get("message").asText())
                .contains("app=postgres", "namespace " + NS, "waited 2s, executor.pod.waitTimeout");
        assertThat(result.get("targets")).isEmpty();

        String after = Hookstream.newRunId("k8s-after");
        expectExec(execArgv(after, "flush-again", "users"), "Tables flushed again\n");
        hookstream.submitOnKafka(Requests.preBackup(NS)
                .hook("flush-again", "mysql-flush", null, Map.of("DB", "users"), null, "20s", null)
                .json()
                .put("runId", after));
        JsonNode next = hookstream.awaitOutcome(after);
        assertThat(next.get("status").asText()).as(next.toString()).isEqualTo("Succeeded");
        assertThat(hookstream
                        .resultsOf(after)
                        .get(0)
                        .get("targets")
                        .get(0)
                        .get("stdout")
                        .asText())
                .isEqualTo("Tables flushed again\n");
    }

    @Test
    void cancellingARunMidPodExecClosesTheExecStreamAndSkipsTheFunction() {
        String runId = Hookstream.newRunId("k8s-cancel-pod");
        List<String> argv = execArgv(runId, "flush-tables", "orders");
        server.expect()
                .get()
                .withPath(execPath(argv))
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage("flushing\n"))
                .waitFor(20_000)
                .andEmit(new WebSocketMessage(20_000L, new byte[] {1, 'x'}, true, true))
                .done()
                .once();
        hookstream.submitOnKafka(Requests.preBackup(NS)
                .hook("flush-tables", "mysql-flush", null, Map.of("DB", "orders"), null, "5m", null)
                .hook("backup", "mysql-backup", null, null, null, "20s", null)
                .json()
                .put("runId", runId));
        Awaitility.await("the exec under way")
                .atMost(WAIT)
                .until(() -> server.getLastRequest() != null
                        && server.getLastRequest().getPath().contains("/pods/mysql-0/exec"));

        var response = hookstream.post("/v1/runs/" + runId + "/cancel", "{\"reason\": \"restore aborted\"}", Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode outcome = hookstream.awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("Cancelled");
        assertThat(outcome.get("hooks"))
                .extracting(h -> h.get("name").asText() + ":" + h.get("status").asText())
                .containsExactly("flush-tables:Cancelled", "backup:Skipped");
        JsonNode pod = resultOf(hookstream.resultsOf(runId), "flush-tables");
        assertThat(pod.get("reason").asText()).isEqualTo("Cancelled");
        assertThat(pod.get("message").asText()).contains("restore aborted", "exec stream was closed");
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .withLabel(LABEL_RUN_ID, runId)
                        .list()
                        .getItems())
                .as("no Job for the skipped Function hook")
                .isEmpty();
    }

    @Test
    void cancellingARunMidFunctionDeletesItsJob() {
        String runId = Hookstream.newRunId("k8s-cancel-job");
        hookstream.submitOnKafka(Requests.preBackup(NS)
                .hook("backup", "mysql-backup", null, null, null, "5m", null)
                .json()
                .put("runId", runId));
        Job job = awaitJob(runId);

        var response = hookstream.post("/v1/runs/" + runId + "/cancel", "", Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode outcome = hookstream.awaitOutcome(runId);
        assertThat(outcome.get("status").asText()).as(outcome.toString()).isEqualTo("Cancelled");
        JsonNode function = resultOf(hookstream.resultsOf(runId), "backup");
        assertThat(function.get("status").asText()).isEqualTo("Cancelled");
        assertThat(function.get("message").asText())
                .contains("Job " + NS + "/" + job.getMetadata().getName());
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NS)
                        .withName(job.getMetadata().getName())
                        .get())
                .as("the Job, deleted with its pods")
                .isNull();
    }

    // --- the API server's side ---

    /** The argv the Pod executor sends: params and HOOKSTREAM_ variables through env, the rendered command. */
    private static List<String> execArgv(String runId, String hookName, String db) {
        return List.of(
                "env",
                "DB=" + db,
                "HOOKSTREAM_RUN_ID=" + runId,
                "HOOKSTREAM_HOOK_NAME=" + hookName,
                "mysql",
                "--database=" + db,
                "-e",
                "FLUSH TABLES");
    }

    /** One exec into mysql-0's first container answering {@code stdout} and exit code 0. */
    private void expectExec(List<String> argv, String stdout) {
        server.expect()
                .get()
                .withPath(execPath(argv))
                .andUpgradeToWebSocket()
                .open(
                        new OutputStreamMessage(stdout),
                        new StatusMessage(
                                new StatusBuilder().withStatus("Success").build()))
                .done()
                .once();
    }

    private static String execPath(List<String> argv) {
        return "/api/v1/namespaces/" + NS + "/pods/mysql-0/exec?"
                + argv.stream().map(item -> "command=" + encode(item)).collect(Collectors.joining("&"))
                + "&container=mysql&stdout=true&stderr=true";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Job awaitJob(String runId) {
        return Awaitility.await("the Function's Job")
                .atMost(WAIT)
                .until(
                        () -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(NS)
                                .withLabel(LABEL_RUN_ID, runId)
                                .list()
                                .getItems(),
                        jobs -> !jobs.isEmpty())
                .get(0);
    }

    /** Plays the Job controller: the Job's pod, terminated with exit code 0 and log {@code log}; Job Complete. */
    private String finishJob(Job job, String log) {
        String podName = job.getMetadata().getName() + "-x7k2p";
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/" + podName + "/log?pretty=false&container="
                        + FUNCTION_CONTAINER + "&tailLines=200")
                .andReturn(200, log)
                .always();
        client.pods()
                .inNamespace(NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(podName)
                        .withNamespace(NS)
                        .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build())
                .create();
        client.pods()
                .inNamespace(NS)
                .withName(podName)
                .editStatus(p -> new PodBuilder(p)
                        .withNewStatus()
                        .withPhase("Succeeded")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName(FUNCTION_CONTAINER)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(0)
                                .withReason("Completed")
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus()
                        .build());
        client.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName(job.getMetadata().getName())
                .editStatus(j -> new JobBuilder(j)
                        .withNewStatus()
                        .withSucceeded(1)
                        .withConditions(new JobConditionBuilder()
                                .withType("Complete")
                                .withStatus("True")
                                .build())
                        .endStatus()
                        .build());
        return podName;
    }

    // --- fixtures ---

    private static JsonNode resultOf(List<JsonNode> results, String hookName) {
        return results.stream()
                .filter(r -> hookName.equals(r.path("hookName").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for hook " + hookName + " in " + results));
    }

    private static GenericKubernetesResource template(String name, String spec) {
        return new KubernetesSerialization().unmarshal("""
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: Same
                %s""".formatted(name, NS, spec), GenericKubernetesResource.class);
    }

    private void apply(GenericKubernetesResource template) {
        client.genericKubernetesResources(HOOK_TEMPLATES)
                .inNamespace(NS)
                .resource(template)
                .create();
    }

    private void createFunction() {
        GenericKubernetesResource function = new GenericKubernetesResourceBuilder()
                .withApiVersion("addons.kubestash.com/v1alpha1")
                .withKind("Function")
                .withNewMetadata()
                .withName(FUNCTION)
                .endMetadata()
                .build();
        function.setAdditionalProperty(
                "spec",
                Map.of(
                        "image",
                        "mysql:8.4",
                        "command",
                        List.of("/hook"),
                        "args",
                        List.of("backup", "--namespace=${namespace:=default}")));
        client.genericKubernetesResources(FUNCTIONS).resource(function).create();
    }

    /** A Running pod whose one container {@code mysql} is ready. */
    private static Pod runningPod(String name, Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("mysql")
                .withImage("mysql:8.4")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewContainerStatus()
                .withName("mysql")
                .withReady(true)
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
