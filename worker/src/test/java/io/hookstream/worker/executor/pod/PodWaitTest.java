package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;
import static io.hookstream.worker.executor.pod.PodFixtures.execution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutionReport;
import io.hookstream.worker.executor.RunningHook;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Pod hook waits for its pods ({@code executor.pod.waitTimeout}) with a watch on them, within its timeout, and
 * stops waiting on an abort. The action is a tcpSocket probe of a real local listener (every pod's IP is
 * 127.0.0.1); pods change on the mock API server (CRUD mode), whose watch tells the informer.
 */
@EnableKubernetesMockClient(crud = true)
class PodWaitTest extends PodExecutorCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final Map<String, String> WEB = Map.of("app", "web");

    static KubernetesMockServer server;
    static KubernetesClient client;

    PodWaitTest() {
        super("wait");
    }

    @Override
    KubernetesClient client() {
        return client;
    }

    private NetServer listener;

    @BeforeEach
    void start() {
        listener = PodFixtures.closingTcpServer(vertx);
    }

    private HookAction probe() {
        return PodFixtures.tcpProbe(listener.actualPort());
    }

    private Execution waiting(PodHookExecutorStrategy strategy, Duration timeout, String waitTimeout) {
        return execution(namespace, "app=web", null, strategy, probe(), Map.of(), timeout, waitTimeout);
    }

    private Pod ready(String name) {
        return PodFixtures.running(namespace, name, WEB);
    }

    /** Running, its container {@code app} not ready, as the kubelet reports it while a readiness probe fails. */
    private Pod notReady(String name) {
        return new PodBuilder(ready(name))
                .editStatus()
                .editFirstCondition()
                .withStatus("False")
                .withReason("ContainersNotReady")
                .endCondition()
                .editFirstContainerStatus()
                .withReady(false)
                .endContainerStatus()
                .endStatus()
                .build();
    }

    private Pod pending(String name) {
        return new PodBuilder(ready(name))
                .editStatus()
                .withPhase("Pending")
                .editFirstCondition()
                .withStatus("False")
                .withReason("ContainersNotReady")
                .endCondition()
                .editFirstContainerStatus()
                .withReady(false)
                .withNewState()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    private void create(Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private void replace(Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).update();
    }

    /** Until the executor watches the namespace's pods: its informer has listed them and opened its watch. */
    private void awaitWatching() {
        await("the Pod executor watches the pods").atMost(GENEROUS).until(() -> {
            var request = server.getLastRequest();
            return request != null
                    && request.getPath().startsWith("/api/v1/namespaces/" + namespace + "/pods?")
                    && request.getPath().contains("watch=true");
        });
    }

    private static List<String> names(AttemptResult result) {
        return result.targets().stream().map(TargetResult::name).toList();
    }

    @Test
    void aPodThatBecomesReadyDuringTheWaitRunsTheHook() {
        create(pending("web-0"));

        Future<AttemptResult> attempt = executor.attempt(waiting(null, TIMEOUT, "30s"));
        awaitWatching();
        assertThat(attempt.isComplete()).as("waiting for web-0").isFalse();
        replace(notReady("web-0"));
        replace(ready("web-0"));
        AttemptResult result = await(attempt);

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(names(result)).containsExactly("pod/web-0");
    }

    @Test
    void aPodCreatedDuringTheWaitRunsTheHook() {
        Future<AttemptResult> attempt = executor.attempt(waiting(null, TIMEOUT, "30s"));
        awaitWatching();
        create(ready("web-7"));

        AttemptResult result = await(attempt);

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(names(result)).containsExactly("pod/web-7");
    }

    @Test
    void podsThatNeverBecomeReadyAreNoPodMatchedAfterTheWaitTimeoutSayingWhatWasSeen() {
        create(notReady("web-0"));
        create(pending("web-1"));

        long began = System.nanoTime();
        AttemptResult result = await(executor.attempt(waiting(null, TIMEOUT, "1s")));

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains(
                        "executor.pod.selector 'app=web' in namespace " + namespace,
                        "2 pods match, 0 ready: web-0 ContainersNotReady, web-1 Pending (ContainerCreating)",
                        "waited 1s, executor.pod.waitTimeout",
                        "its first container ready");
        assertThat(result.targets()).isEmpty();
    }

    @Test
    void theMessageNamesAFewPodsAndCountsTheOthers() {
        for (int i = 0; i < 8; i++) {
            create(pending("web-" + i));
        }

        AttemptResult result = await(executor.attempt(waiting(null, TIMEOUT, "200ms")));

        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains(
                        "8 pods match, 0 ready: web-0 Pending (ContainerCreating), ",
                        "web-4 Pending (ContainerCreating), … 3 more")
                .doesNotContain("web-5");
    }

    @Test
    void noPodMatchingAtAllNamesTheSelectorAndNamespaceAfterTheWait() {
        create(PodFixtures.running(namespace, "db-0", Map.of("app", "db")));

        AttemptResult result = await(executor.attempt(waiting(null, TIMEOUT, "300ms")));

        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains(
                        "executor.pod.selector 'app=web' matched no pod in namespace " + namespace
                                + " (waited 300ms, executor.pod.waitTimeout)",
                        "kubectl get pods -n " + namespace);
    }

    @Test
    void executeOnAllWaitsForEveryMatchingPodButNotForPodsThatCannotBecomeReady() {
        create(ready("web-0"));
        create(pending("web-1"));
        create(new PodBuilder(ready("web-2"))
                .editStatus()
                .withPhase("Failed")
                .withReason("Evicted")
                .endStatus()
                .build());

        Future<AttemptResult> attempt = executor.attempt(waiting(PodHookExecutorStrategy.ExecuteOnAll, TIMEOUT, "30s"));
        awaitWatching();
        assertThat(attempt.isComplete()).as("waiting for web-1").isFalse();
        replace(ready("web-1"));
        AttemptResult result = await(attempt);

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(names(result)).containsExactly("pod/web-0", "pod/web-1");
    }

    @Test
    void executeOnAllWithAPodStillNotReadyAtTheLimitIsNoPodMatched() {
        create(ready("web-0"));
        create(pending("web-1"));

        AttemptResult result = await(executor.attempt(waiting(PodHookExecutorStrategy.ExecuteOnAll, TIMEOUT, "300ms")));

        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains(
                        "2 pods match, 1 ready: web-1 Pending (ContainerCreating)",
                        "ExecuteOnAll needs every matching pod");
        assertThat(result.targets()).isEmpty();
    }

    @Test
    void waitTimeoutZeroFailsAtOnceAndExecuteOnAllRunsOnThePodsReadyThen() {
        create(pending("web-1"));

        AttemptResult none = await(executor.attempt(waiting(null, TIMEOUT, "0s")));
        create(ready("web-0"));
        AttemptResult some = await(executor.attempt(waiting(PodHookExecutorStrategy.ExecuteOnAll, TIMEOUT, "0s")));

        assertThat(none.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(none.message())
                .contains("1 pod matches, 0 ready: web-1 Pending", "did not wait: executor.pod.waitTimeout is 0s");
        assertThat(some.status()).as(some.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(names(some)).containsExactly("pod/web-0");
    }

    @Test
    void theHooksTimeoutEndsTheWaitWhenItComesFirst() {
        create(pending("web-0"));

        long began = System.nanoTime();
        AttemptResult result = await(executor.attempt(waiting(null, Duration.ofSeconds(1), "2m")));

        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                .isLessThan(GENEROUS);
        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains(
                        "1 pod matches, 0 ready: web-0 Pending",
                        "waited 1s, the hook's timeout, which ends the wait before executor.pod.waitTimeout 2m0s would");
    }

    @Test
    void anAbortDuringTheWaitEndsItAtOnce() {
        create(pending("web-0"));
        RunningHook hook = runner.start(waiting(null, TIMEOUT, "2m"));
        awaitWatching();

        await(hook.abort(Reasons.CANCELLED, "cancelled by the user"));
        ExecutionReport report = await(hook.report());

        assertThat(report.status()).isEqualTo(HookStatus.Cancelled);
        assertThat(report.reason()).isEqualTo(Reasons.CANCELLED);
        assertThat(report.message())
                .startsWith("cancelled by the user; stopped while waiting for the pods in" + " namespace " + namespace)
                .contains("nothing ran");
        assertThat(report.attempts()).isOne();
    }

    @Test
    void aRefusedListAndWatchOfThePodsEndsTheWaitWithKubernetesForbidden() {
        // the informer's list (the executor's first list is answered by the CRUD mock: no pod)
        String list = "/api/v1/namespaces/" + namespace + "/pods?labelSelector=app%3Dweb&resourceVersion=0";
        server.expect()
                .get()
                .withPath(list)
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .withMessage("pods is forbidden: cannot watch")
                                .build())
                .always();

        long began = System.nanoTime();
        AttemptResult result = await(executor.attempt(waiting(null, TIMEOUT, "2m")));

        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .as("not waiting for the limit")
                .isLessThan(GENEROUS);
        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message()).contains("watch pods in namespace " + namespace, "HTTP 403");
    }

    @Test
    void aRefusedWatchAfterASuccessfulListEndsTheWaitWithKubernetesForbiddenNamingTheVerb() {
        // as with a Role that grants list but not watch on pods; the watch starts at the list's resourceVersion
        String version = client.pods()
                .inNamespace(namespace)
                .withLabels(WEB)
                .list()
                .getMetadata()
                .getResourceVersion();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods?allowWatchBookmarks=true"
                        + "&labelSelector=app%3Dweb&resourceVersion=" + version + "&timeoutSeconds=600&watch=true")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .withMessage("pods is forbidden: cannot watch")
                                .build())
                .always();

        long began = System.nanoTime();
        AttemptResult result = await(executor.attempt(waiting(null, TIMEOUT, "2m")));

        assertThat(Duration.ofNanos(System.nanoTime() - began))
                .as("not waiting for the limit")
                .isLessThan(GENEROUS);
        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message())
                .contains(
                        "watch pods in namespace " + namespace,
                        "grant the worker's service account the verb 'watch' on 'pods'");
    }

    @Test
    void closingTheExecutorEndsAWaitWithWorkerError() {
        create(pending("web-0"));
        Future<AttemptResult> attempt = executor.attempt(waiting(null, TIMEOUT, "2m"));
        awaitWatching();

        await(executor.close());

        AttemptResult result = await(attempt);
        assertThat(result.reason()).isEqualTo(Reasons.WORKER_ERROR);
        assertThat(result.message()).contains("closed while the hook waited for its pods");
    }
}
