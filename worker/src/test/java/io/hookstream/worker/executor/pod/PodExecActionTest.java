package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;
import static io.hookstream.worker.executor.pod.PodFixtures.CONTAINER;
import static io.hookstream.worker.executor.pod.PodFixtures.exec;
import static io.hookstream.worker.executor.pod.PodFixtures.execPath;
import static io.hookstream.worker.executor.pod.PodFixtures.execution;
import static io.hookstream.worker.executor.pod.PodFixtures.expectExec;
import static io.hookstream.worker.executor.pod.PodFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.internal.OutputTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodExecActionTest extends PodExecutorCase {

    static KubernetesMockServer server;
    static KubernetesClient client;

    PodExecActionTest() {
        super("exec");
    }

    @Override
    KubernetesClient client() {
        return client;
    }

    private void createPod(String name) {
        client.pods()
                .inNamespace(namespace)
                .resource(running(namespace, name, Map.of("app", "db")))
                .create();
    }

    @Test
    void execOnOneReportsExitCodeAndOutputOfTheFirstPodByName() {
        createPod("db-b");
        createPod("db-a");
        expectExec(server, namespace, "db-a", List.of("pg_dump", "--schema-only"), "dumped\n", "note\n", 0);

        AttemptResult result =
                await(executor.attempt(execution(namespace, "app=db", exec("pg_dump", "--schema-only"))));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(result.targets()).containsExactly(new TargetResult("pod/db-a", 0, null, "dumped\n", "note\n", null));
    }

    @Test
    void execNonZeroExitFailsWithTheExitCodeAndOutput() {
        createPod("db-0");
        expectExec(server, namespace, "db-0", List.of("false"), "", "boom\n", 3);

        AttemptResult result = await(executor.attempt(execution(namespace, "app=db", exec("false"))));

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(result.message()).contains("db-0", "code 3");
        assertThat(result.targets()).singleElement().satisfies(target -> {
            assertThat(target.exitCode()).isEqualTo(3);
            assertThat(target.stderr()).isEqualTo("boom\n");
            assertThat(target.error()).contains("code 3");
        });
    }

    @Test
    void executeOnAllFailsWhenOnePodFailsAndReportsEveryPod() {
        createPod("db-0");
        createPod("db-1");
        expectExec(server, namespace, "db-0", List.of("sync"), "ok\n", "", 0);
        expectExec(server, namespace, "db-1", List.of("sync"), "", "disk full\n", 2);

        AttemptResult result = await(executor.attempt(execution(
                namespace,
                "app=db",
                null,
                PodHookExecutorStrategy.ExecuteOnAll,
                exec("sync"),
                Map.of(),
                PodFixtures.TIMEOUT)));

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.NON_ZERO_EXIT);
        assertThat(result.message()).contains("1 of 2 pods", "pod/db-1");
        assertThat(result.targets())
                .extracting(TargetResult::name, TargetResult::exitCode)
                .containsExactly(Tuple.tuple("pod/db-0", 0), Tuple.tuple("pod/db-1", 2));
    }

    @Test
    void executeOnAllSucceedsWhenEveryPodSucceeds() {
        createPod("db-0");
        createPod("db-1");
        expectExec(server, namespace, "db-0", List.of("sync"), "0\n", "", 0);
        expectExec(server, namespace, "db-1", List.of("sync"), "1\n", "", 0);

        AttemptResult result = await(executor.attempt(execution(
                namespace,
                "app=db",
                null,
                PodHookExecutorStrategy.ExecuteOnAll,
                exec("sync"),
                Map.of(),
                PodFixtures.TIMEOUT)));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(result.targets())
                .extracting(TargetResult::name, TargetResult::stdout)
                .containsExactly(Tuple.tuple("pod/db-0", "0\n"), Tuple.tuple("pod/db-1", "1\n"));
    }

    @Test
    void paramsReachTheCommandThroughEnvAsSeparateArguments() {
        createPod("db-0");
        String hostile = "x; rm -rf / $(reboot)";
        expectExec(
                server,
                namespace,
                "db-0",
                List.of(
                        "env",
                        "DB_NAME=" + hostile,
                        "HOOKSTREAM_RUN_ID=run-1",
                        "HOOKSTREAM_HOOK_NAME=pre-backup",
                        "sh",
                        "-c",
                        "echo \"$DB_NAME\""),
                hostile + "\n",
                "",
                0);

        AttemptResult result = await(executor.attempt(execution(
                namespace,
                "app=db",
                null,
                null,
                exec("sh", "-c", "echo \"$DB_NAME\""),
                Map.of("DB_NAME", hostile),
                PodFixtures.TIMEOUT)));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(result.targets())
                .singleElement()
                .extracting(TargetResult::stdout)
                .isEqualTo(hostile + "\n");
    }

    @Test
    void hungExecTimesOutAndClosesTheStream() {
        createPod("db-0");
        server.expect()
                .get()
                .withPath(execPath(namespace, "db-0", CONTAINER, List.of("sleep", "3600")))
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage("started\n"))
                .waitFor(5_000)
                .andEmit(new WebSocketMessage(5_000L, new byte[] {1, 'x'}, true, true))
                .done()
                .once();

        long began = System.nanoTime();
        AttemptResult result = await(executor.attempt(
                execution(namespace, "app=db", null, null, exec("sleep", "3600"), Map.of(), Duration.ofMillis(800))));

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(4));
        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.TimedOut);
        assertThat(result.reason()).isEqualTo(Reasons.DEADLINE_EXCEEDED);
        assertThat(result.message()).contains("800ms", "cannot stop the command");
        assertThat(result.targets())
                .singleElement()
                .extracting(TargetResult::stdout)
                .isEqualTo("started\n");
    }

    @Test
    void longOutputKeepsOnlyItsTail() {
        createPod("db-0");
        String output = "0123456789".repeat(20) + "END";
        expectExec(server, namespace, "db-0", List.of("cat", "log"), output, "", 0);

        AttemptResult result = await(executor.attempt(execution(namespace, "app=db", exec("cat", "log"))));

        String stdout = result.targets().get(0).stdout();
        assertThat(stdout).startsWith(OutputTail.TRUNCATION_MARK).endsWith("789END");
        assertThat(stdout.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void forbiddenExecIsKubernetesForbidden() {
        createPod("db-0");
        server.expect()
                .get()
                .withPath(execPath(namespace, "db-0", CONTAINER, List.of("true")))
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .withMessage("pods \"db-0\" is forbidden: cannot create resource \"pods/exec\"")
                                .build())
                .once();

        AttemptResult result = await(executor.attempt(execution(namespace, "app=db", exec("true"))));

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message()).contains("create", "pods/exec", namespace);
    }

    @Test
    void aFailedExecNeverQuotesTheParamsInItsMessage() {
        createPod("db-0");
        server.expect()
                .get()
                .withPath(execPath(
                        namespace,
                        "db-0",
                        CONTAINER,
                        List.of(
                                "env",
                                "PASSWORD=s3cret",
                                "HOOKSTREAM_RUN_ID=run-1",
                                "HOOKSTREAM_HOOK_NAME=pre-backup",
                                "true")))
                .andReturn(
                        400,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(400)
                                .withMessage("bad request")
                                .build())
                .always();

        AttemptResult result = await(executor.attempt(execution(
                namespace, "app=db", null, null, exec("true"), Map.of("PASSWORD", "s3cret"), PodFixtures.TIMEOUT)));

        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_ERROR);
        assertThat(result.message()).contains("create pods/exec").doesNotContain("s3cret");
    }
}
