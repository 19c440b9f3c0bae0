package io.hookstream.worker.executor.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutionReport;
import io.hookstream.worker.executor.ExecutorOptions;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.executor.RunningHook;
import io.hookstream.worker.executor.function.internal.JobClient;
import io.hookstream.worker.executor.function.internal.JobNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An abort of a Function hook deletes its Job before it completes, and the report carries the reason. */
@EnableKubernetesMockClient(crud = true)
class FunctionAbortTest {

    private static final String NS = "demo";
    private static final String FUNCTION = "quiesce";

    static KubernetesClient client;
    static KubernetesMockServer server;

    private Vertx vertx;
    private HookRunner runner;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        ExecutorOptions options = ExecutorOptions.defaults();
        runner = new HookRunner(
                vertx, Map.of(ExecutorType.Function, new FunctionExecutor(vertx, client, options)), options);
        GenericKubernetesResource function = new GenericKubernetesResourceBuilder()
                .withApiVersion("addons.kubestash.com/v1alpha1")
                .withKind("Function")
                .withNewMetadata()
                .withName(FUNCTION)
                .endMetadata()
                .build();
        function.setAdditionalProperty(
                "spec", Map.of("image", "ghcr.io/example/quiesce:1", "command", List.of("/quiesce")));
        client.genericKubernetesResources(JobClient.FUNCTION).resource(function).createOr(r -> r.update());
    }

    @AfterEach
    void stop() {
        result(runner.close());
        result(vertx.close());
    }

    @Test
    void abortDeletesTheRunningJobAndReportsTheReason() {
        String jobName = JobNames.jobName("run-a/0", 1);
        RunningHook hook = runner.start(new Execution(
                "run-a",
                "run-a/0",
                "quiesce",
                new SessionSummary("s-1", NS, null, null, null),
                new HookExecutor(ExecutorType.Function, new FunctionHookExecutorSpec(FUNCTION, null, null, null), null),
                null,
                Map.of(),
                Duration.ofMinutes(5),
                2,
                null,
                null,
                null,
                null));
        await().atMost(Duration.ofSeconds(20)).until(() -> job(jobName) != null);

        result(hook.abort(Reasons.LEASE_LOST, "lease lost"));

        assertThat(job(jobName))
                .as("the Job is deleted before the abort completes")
                .isNull();
        ExecutionReport report = result(hook.report());
        assertThat(report.status()).isEqualTo(HookStatus.Failed);
        assertThat(report.reason()).isEqualTo(Reasons.LEASE_LOST);
        assertThat(report.message())
                .startsWith("lease lost; Job " + NS + "/" + jobName)
                .contains("deleted it");
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(job(JobNames.jobName("run-a/0", 2))).as("no further attempt").isNull();
    }

    private static Job job(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete successfully", e);
        }
    }
}
