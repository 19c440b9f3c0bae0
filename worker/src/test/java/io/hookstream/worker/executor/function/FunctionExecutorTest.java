package io.hookstream.worker.executor.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.ContainerRuntimeSettings;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.PodRuntimeSettings;
import io.hookstream.schemas.template.RuntimeSettings;
import io.hookstream.schemas.template.Volume;
import io.hookstream.schemas.template.VolumeMount;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutorOptions;
import io.hookstream.worker.executor.function.internal.JobClient;
import io.hookstream.worker.executor.function.internal.JobManifest;
import io.hookstream.worker.executor.function.internal.JobNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Function executor against fabric8's mock API server in CRUD mode. The mock runs no Jobs, so each test
 * plays the Job controller: once the Job appears it creates the Job's pod with a terminated container and marks
 * the Job succeeded or failed; pod logs come from an expectation.
 */
@EnableKubernetesMockClient(crud = true)
class FunctionExecutorTest {

    private static final String NS = "demo";
    private static final String FUNCTION = "pg-dump";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static KubernetesClient client;
    static KubernetesMockServer server;

    private Vertx vertx;
    private FunctionExecutor executor;

    private final List<String> blockedEventLoops = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(100)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(2_000)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
            if (event.thread().getName().contains("eventloop")) {
                blockedEventLoops.add(event.toString());
            }
        });
        executor = new FunctionExecutor(vertx, client, ExecutorOptions.defaults());
        createFunction(
                FUNCTION,
                Map.of(
                        "image",
                        "ghcr.io/example/pg-hook:${dbVersion:=16}",
                        "command",
                        List.of("/hook"),
                        "args",
                        List.of(
                                "dump",
                                "--namespace=${namespace:=default}",
                                "--backupsession=${backupSession:=}",
                                "--invoker=${invokerKind}/${invokerName}",
                                "--db=${DB:=postgres}",
                                "--mode=${MODE:=slow}"),
                        "volumeMounts",
                        List.of(Map.of("name", "scratch", "mountPath", "/scratch")),
                        "runtimeSettings",
                        Map.of(
                                "resources",
                                Map.of("limits", Map.of("memory", "256Mi")),
                                "env",
                                List.of(Map.of("name", "FROM_FUNCTION", "value", "f")))));
    }

    @AfterEach
    void stop() throws Exception {
        executor.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(blockedEventLoops).as("event loops blocked longer than 2 s").isEmpty();
    }

    @Test
    void jobIsBuiltWithEnvVolumesDeadlineLabelsTtlAndSubstitution() {
        Execution execution = execution("run-1", Map.of("DB", "orders"), TIMEOUT, 0);
        Future<AttemptResult> attempt = executor.attempt(execution);
        Job job = awaitJob(JobNames.jobName("run-1/0", 1));

        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getMetadata().getLabels())
                .containsEntry(JobManifest.LABEL_RUN_ID, "run-1")
                .containsEntry(JobManifest.LABEL_HOOK_NAME, "dump-db")
                .containsEntry(JobManifest.LABEL_MANAGED_BY, "hookstream");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry(JobManifest.ANNOTATION_HOOK_ID, "run-1/0")
                .containsEntry(JobManifest.ANNOTATION_HOOK_NAME, "dump db")
                .containsEntry(JobManifest.ANNOTATION_FUNCTION, FUNCTION);
        var podSpec = job.getSpec().getTemplate().getSpec();
        assertThat(podSpec.getRestartPolicy()).isEqualTo("Never");
        assertThat(podSpec.getServiceAccountName()).isEqualTo("hook-runner");
        assertThat(podSpec.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(podSpec.getVolumes()).extracting(v -> v.getName()).containsExactly("scratch", "auth");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(JobManifest.LABEL_JOB, job.getMetadata().getName());
        var container = podSpec.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/example/pg-hook:16");
        assertThat(container.getCommand()).containsExactly("/hook");
        assertThat(container.getArgs())
                .containsExactly(
                        "dump",
                        "--namespace=demo",
                        "--backupsession=s-1",
                        "--invoker=BackupConfiguration/pg-backup",
                        "--db=orders",
                        "--mode=fast");
        assertThat(container.getEnv().stream()
                        .collect(Collectors.toMap(
                                EnvVar::getName,
                                e -> e.getValue() == null
                                        ? "<from "
                                                + e.getValueFrom()
                                                        .getSecretKeyRef()
                                                        .getName() + ">"
                                        : e.getValue())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "FROM_FUNCTION",
                        "f",
                        "TEMPLATE_ENV",
                        "t",
                        "DB",
                        "orders",
                        "MODE",
                        "fast",
                        "PASSWORD",
                        "<from db-auth>"));
        assertThat(container.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactly("/scratch", "/etc/auth");
        assertThat(container.getResources().getLimits().get("memory").toString())
                .isEqualTo("64Mi");

        finish(job, 0, true);
        assertThat(result(attempt).status()).isEqualTo(HookStatus.Succeeded);
    }

    @Test
    void succeededJobGivesSucceededWithExitCodeAndLogTail() {
        Future<AttemptResult> attempt = executor.attempt(execution("run-2", Map.of(), TIMEOUT, 0));
        Job job = awaitJob(JobNames.jobName("run-2/0", 1));
        String pod = finish(job, 0, true, "dumping\ndone\n");

        AttemptResult result = result(attempt);

        assertThat(result.status()).isEqualTo(HookStatus.Succeeded);
        assertThat(result.targets()).singleElement().satisfies(target -> {
            assertThat(target.name()).isEqualTo("pod/" + pod);
            assertThat(target.exitCode()).isZero();
            assertThat(target.stdout()).isEqualTo("dumping\ndone\n");
        });
    }

    @Test
    void failedJobGivesJobFailedWithExitCodeAndLogTail() {
        Future<AttemptResult> attempt = executor.attempt(execution("run-3", Map.of(), TIMEOUT, 0));
        Job job = awaitJob(JobNames.jobName("run-3/0", 1));
        finish(job, 3, false, "connecting\nerror: connection refused\n");

        AttemptResult result = result(attempt);

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.JOB_FAILED);
        assertThat(result.message())
                .contains(
                        NS + "/" + job.getMetadata().getName(), FUNCTION, "exited with code 3", "BackoffLimitExceeded");
        assertThat(result.targets()).singleElement().satisfies(target -> {
            assertThat(target.exitCode()).isEqualTo(3);
            assertThat(target.stdout()).endsWith("error: connection refused\n");
        });
    }

    @Test
    void timeoutDeletesTheJobAndReportsDeadlineExceeded() {
        String jobName = JobNames.jobName("run-4/0", 1);
        Future<AttemptResult> attempt = executor.attempt(execution("run-4", Map.of(), Duration.ofSeconds(2), 0));
        awaitJob(jobName);

        AttemptResult result = result(attempt);

        assertThat(result.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(result.reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(result.message()).contains(jobName, "2s", "deleted");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(jobName).get())
                .isNull();
    }

    @Test
    void missingFunctionFailsWithFunctionNotFoundNamingIt() {
        Execution execution = execution("run-5", Map.of(), TIMEOUT, 0, "no-such-function");

        AttemptResult result = result(executor.attempt(execution));

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.FUNCTION_NOT_FOUND);
        assertThat(result.message()).contains("no-such-function", "addons.kubestash.com");
        assertThat(jobsOfHook("run-5/0")).isEmpty();
    }

    @Test
    void forbiddenFunctionReadIsKubernetesForbidden() {
        server.expect()
                .get()
                .withPath("/apis/addons.kubestash.com/v1alpha1/functions/secret-fn")
                .andReturn(403, forbidden("functions is forbidden: User cannot get"))
                .always();

        AttemptResult result = result(executor.attempt(execution("run-6", Map.of(), TIMEOUT, 0, "secret-fn")));

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message()).contains("get functions.addons.kubestash.com secret-fn", "403");
    }

    @Test
    void aRestartedWorkerAdoptsItsRunningJobInsteadOfCreatingAnother() {
        Execution execution = execution("run-7", Map.of(), TIMEOUT, 0);
        Job placedBeforeTheCrash = placeJobAsACrashedWorkerDid(execution);

        Future<AttemptResult> attempt = executor.attempt(execution);
        // the restarted worker's requests end with the watch of the adopted Job (after its create met 409)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.getLastRequest() != null
                        && server.getLastRequest().getPath().contains("watch=true"));
        finish(placedBeforeTheCrash, 0, true, "ok\n");

        assertThat(result(attempt).status()).isEqualTo(HookStatus.Succeeded);
        assertThat(jobsOfHook("run-7/0"))
                .singleElement()
                .satisfies(job -> assertThat(job.getMetadata().getUid())
                        .isEqualTo(placedBeforeTheCrash.getMetadata().getUid()));
    }

    @Test
    void aRestartedWorkerTakesTheResultOfAJobThatFinishedWithoutRunningItAgain() {
        Execution execution = execution("run-9", Map.of(), TIMEOUT, 0);
        Job placedBeforeTheCrash = placeJobAsACrashedWorkerDid(execution);
        finish(placedBeforeTheCrash, 4, false, "boom\n");

        AttemptResult result = result(executor.attempt(execution));

        assertThat(result.reason()).isEqualTo(Reasons.JOB_FAILED);
        assertThat(result.targets()).singleElement().satisfies(t -> {
            assertThat(t.exitCode()).isEqualTo(4);
            assertThat(t.stdout()).isEqualTo("boom\n");
        });
        assertThat(jobsOfHook("run-9/0"))
                .singleElement()
                .satisfies(job -> assertThat(job.getMetadata().getUid())
                        .isEqualTo(placedBeforeTheCrash.getMetadata().getUid()));
    }

    @Test
    void forbiddenJobCreateIsKubernetesForbiddenNamingTheNamespace() {
        server.expect()
                .post()
                .withPath("/apis/batch/v1/namespaces/locked/jobs")
                .andReturn(403, forbidden("jobs.batch is forbidden"))
                .always();

        AttemptResult result = result(executor.attempt(execution("run-10", Map.of(), TIMEOUT, 0, FUNCTION, "locked")));

        assertThat(result.reason()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message()).contains("create jobs.batch", "namespace locked", "403");
    }

    @Test
    void aFunctionWithoutImageIsAnInvalidAction() {
        createFunction("no-image", Map.of("args", List.of("x")));

        AttemptResult result = result(executor.attempt(execution("run-11", Map.of(), TIMEOUT, 0, "no-image")));

        assertThat(result.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(result.message()).contains("Function no-image", "spec.image");
    }

    @Test
    void aRetryRunsAsANewJobNamedForItsAttempt() {
        Execution execution = execution("run-8", Map.of(), TIMEOUT, 1);
        Future<AttemptResult> first = executor.attempt(execution);
        finish(awaitJob(JobNames.jobName("run-8/0", 1)), 1, false);
        assertThat(result(first).reason()).isEqualTo(Reasons.JOB_FAILED);

        Future<AttemptResult> second = executor.attempt(execution);
        finish(awaitJob(JobNames.jobName("run-8/0", 2)), 0, true);

        assertThat(result(second).status()).isEqualTo(HookStatus.Succeeded);
    }

    // --- the test as Job controller ---

    /** The Job a worker created for the first attempt of {@code execution} before it crashed. */
    private static Job placeJobAsACrashedWorkerDid(Execution execution) {
        JobClient jobs = new JobClient(client);
        ObjectNode manifest = JobManifest.build(
                execution,
                FUNCTION,
                jobs.functionSpec(FUNCTION),
                JobNames.jobName(execution.hookId(), 1),
                1,
                FunctionExecutorSettings.defaults().ttlAfterFinished());
        JobClient.Placed placed = jobs.createOrAdopt(manifest, execution.hookId());
        assertThat(placed.adopted()).isFalse();
        return placed.job();
    }

    /** The API server's 403 Status body. */
    private static Map<String, Object> forbidden(String message) {
        return Map.of(
                "kind",
                "Status",
                "apiVersion",
                "v1",
                "status",
                "Failure",
                "code",
                403,
                "reason",
                "Forbidden",
                "message",
                message);
    }

    private static List<Job> jobsOfHook(String hookId) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withLabel(JobManifest.LABEL_HOOK, JobNames.hookHash(hookId))
                .list()
                .getItems();
    }

    private static Job awaitJob(String name) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(NS)
                                .withName(name)
                                .get(),
                        job -> job != null);
    }

    /** Creates the Job's pod, terminated with {@code exitCode}, then marks the Job succeeded or failed. */
    private static String finish(Job job, int exitCode, boolean succeeded) {
        return finish(job, exitCode, succeeded, "");
    }

    /** As {@link #finish(Job, int, boolean)}, the pod's log being {@code log} (served before the Job ends). */
    private static String finish(Job job, int exitCode, boolean succeeded, String log) {
        String podName = job.getMetadata().getName() + "-x7k2p";
        expectLog(podName, log);
        Pod pod = client.pods()
                .inNamespace(NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(podName)
                        .withNamespace(NS)
                        .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                        .withCreationTimestamp("2026-11-27T04:00:00Z")
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build())
                .create();
        client.pods()
                .inNamespace(NS)
                .withName(podName)
                .editStatus(p -> new PodBuilder(p)
                        .withNewStatus()
                        .withPhase(succeeded ? "Succeeded" : "Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName(JobManifest.CONTAINER)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withReason(exitCode == 0 ? "Completed" : "Error")
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
                        .withSucceeded(succeeded ? 1 : 0)
                        .withFailed(succeeded ? 0 : 1)
                        .withConditions(new JobConditionBuilder()
                                .withType(succeeded ? "Complete" : "Failed")
                                .withStatus("True")
                                .withReason(succeeded ? null : "BackoffLimitExceeded")
                                .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
                                .build())
                        .endStatus()
                        .build());
        return pod.getMetadata().getName();
    }

    private static void expectLog(String pod, String log) {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/" + pod
                        + "/log?pretty=false&container=function&tailLines=200")
                .andReturn(200, log)
                .always();
    }

    // --- fixtures ---

    private static void createFunction(String name, Map<String, Object> spec) {
        GenericKubernetesResource function = new GenericKubernetesResourceBuilder()
                .withApiVersion("addons.kubestash.com/v1alpha1")
                .withKind("Function")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build();
        function.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(JobClient.FUNCTION).resource(function).createOr(r -> r.update());
    }

    private static Execution execution(String runId, Map<String, String> params, Duration timeout, int maxRetry) {
        return execution(runId, params, timeout, maxRetry, FUNCTION);
    }

    private static Execution execution(
            String runId, Map<String, String> params, Duration timeout, int maxRetry, String function) {
        return execution(runId, params, timeout, maxRetry, function, NS);
    }

    private static Execution execution(
            String runId,
            Map<String, String> params,
            Duration timeout,
            int maxRetry,
            String function,
            String namespace) {
        SessionSummary session = new SessionSummary(
                "s-1",
                namespace,
                new ObjectReference("core.kubestash.com", "BackupConfiguration", NS, "pg-backup"),
                new ObjectReference("apps", "StatefulSet", NS, "postgres"),
                null);
        ObjectNode secretRef = JSON.objectNode();
        secretRef.putObject("secretKeyRef").put("name", "db-auth").put("key", "password");
        FunctionHookExecutorSpec spec = new FunctionHookExecutorSpec(
                function,
                List.of(new io.hookstream.schemas.template.EnvVar("TEMPLATE_ENV", "t", null)),
                List.of(new VolumeMount("scratch", "/scratch", null, null, null, null, null)),
                List.of(new Volume("scratch", Map.<String, JsonNode>of("emptyDir", JSON.objectNode()))));
        RuntimeSettings runtime = new RuntimeSettings(
                new PodRuntimeSettings(
                        null,
                        null,
                        Map.of("kubernetes.io/os", "linux"),
                        "hook-runner",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                new ContainerRuntimeSettings(
                        JSON.objectNode().set("limits", JSON.objectNode().put("memory", "64Mi")),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        return new Execution(
                runId,
                runId + "/0",
                "dump db",
                session,
                new HookExecutor(ExecutorType.Function, spec, null),
                null,
                params,
                timeout,
                maxRetry,
                List.of(
                        new io.hookstream.schemas.template.EnvVar("MODE", "fast", null),
                        new io.hookstream.schemas.template.EnvVar("PASSWORD", null, secretRef)),
                List.of(new Volume(
                        "auth",
                        Map.<String, JsonNode>of("secret", JSON.objectNode().put("secretName", "db-auth")))),
                List.of(new VolumeMount("auth", "/etc/auth", true, null, null, null, null)),
                runtime);
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete successfully", e);
        }
    }
}
