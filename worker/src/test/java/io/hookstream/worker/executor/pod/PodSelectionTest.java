package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;
import static io.hookstream.worker.executor.pod.PodFixtures.TIMEOUT;
import static io.hookstream.worker.executor.pod.PodFixtures.execution;
import static io.hookstream.worker.executor.pod.PodFixtures.owner;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.OwnerReference;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.worker.executor.AttemptResult;
import io.vertx.core.net.NetServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which pods a hook runs on, at once ({@code executor.pod.waitTimeout: 0s}; waiting is PodWaitTest's). The action
 * is a tcpSocket probe of a real local listener (every pod's IP is 127.0.0.1), so ExecuteOnAll's targets show
 * exactly the pods that were selected.
 */
@EnableKubernetesMockClient(crud = true)
class PodSelectionTest extends PodExecutorCase {

    private static final String NO_WAIT = "0s";

    static KubernetesMockServer server;
    static KubernetesClient client;

    PodSelectionTest() {
        super("select");
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

    private void create(Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private Pod pod(String name, Map<String, String> labels) {
        return PodFixtures.running(namespace, name, labels);
    }

    private AttemptResult onAll(String selector, OwnerReference owner) {
        return await(executor.attempt(execution(
                namespace,
                selector,
                owner,
                PodHookExecutorStrategy.ExecuteOnAll,
                probe(),
                Map.of(),
                TIMEOUT,
                NO_WAIT)));
    }

    private static List<String> names(AttemptResult result) {
        return result.targets().stream().map(TargetResult::name).toList();
    }

    @Test
    void executeOnOneTakesTheFirstReadyPodByName() {
        create(pod("web-c", Map.of("app", "web")));
        create(pod("web-b", Map.of("app", "web")));
        create(new PodBuilder(pod("web-a", Map.of("app", "web")))
                .editStatus()
                .withPhase("Pending")
                .endStatus()
                .build());

        AttemptResult result = await(executor.attempt(execution(namespace, "app=web", probe())));

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(names(result)).containsExactly("pod/web-b");
    }

    @Test
    void podsNotRunningOrWithTheTargetContainerNotReadyAreSkipped() {
        create(pod("web-0", Map.of("app", "web")));
        create(new PodBuilder(pod("web-1", Map.of("app", "web")))
                .editStatus()
                .withPhase("Pending")
                .endStatus()
                .build());
        create(new PodBuilder(pod("web-2", Map.of("app", "web")))
                .editStatus()
                .editFirstContainerStatus()
                .withReady(false)
                .endContainerStatus()
                .endStatus()
                .build());
        create(new PodBuilder(pod("web-3", Map.of("app", "web")))
                .editStatus()
                .withPhase("Succeeded")
                .endStatus()
                .build());

        AttemptResult result = onAll("app=web", null);

        assertThat(result.status()).as(result.message()).isEqualTo(HookStatus.Succeeded);
        assertThat(names(result)).containsExactly("pod/web-0");
    }

    @Test
    void aContainerNameThatIsNotReadyOrMissingSkipsThePod() {
        create(new PodBuilder(pod("web-0", Map.of("app", "web")))
                .editStatus()
                .editLastContainerStatus()
                .withReady(false)
                .endContainerStatus()
                .endStatus()
                .build());
        create(pod("web-1", Map.of("app", "web")));
        HookAction onSidecar = new HookAction(null, null, null, probe().tcpSocket(), "sidecar");

        AttemptResult result = await(executor.attempt(execution(
                namespace,
                "app=web",
                null,
                PodHookExecutorStrategy.ExecuteOnAll,
                onSidecar,
                Map.of(),
                TIMEOUT,
                NO_WAIT)));
        AttemptResult missing = await(executor.attempt(execution(
                namespace,
                "app=web",
                null,
                null,
                new HookAction(null, null, null, probe().tcpSocket(), "nope"),
                Map.of(),
                TIMEOUT,
                NO_WAIT)));

        assertThat(names(result)).containsExactly("pod/web-1");
        assertThat(missing.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(missing.message())
                .contains(
                        "2 pods match, 0 ready: web-0 no container 'nope', web-1 no" + " container 'nope'",
                        "container 'nope' ready",
                        "did not wait: executor.pod.waitTimeout is 0s");
    }

    @Test
    void noReadyPodIsNoPodMatchedCountingThePodsThatWereNotReady() {
        create(new PodBuilder(pod("web-0", Map.of("app", "web")))
                .editStatus()
                .withPhase("Pending")
                .endStatus()
                .build());
        create(new PodBuilder(pod("web-1", Map.of("app", "web")))
                .editStatus()
                .withPhase("Failed")
                .endStatus()
                .build());

        AttemptResult result = onAll("app=web", null);

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains(
                        "executor.pod.selector 'app=web' in namespace " + namespace,
                        "2 pods match, 0 ready: web-0 Pending, web-1 Failed",
                        "did not wait");
        assertThat(result.targets()).isEmpty();
    }

    @Test
    void noSelectedPodIsNoPodMatchedNamingTheSelector() {
        create(pod("web-0", Map.of("app", "web")));

        AttemptResult result = onAll("app=db", null);

        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message()).contains("'app=db'", "matched no pod in namespace " + namespace);
    }

    @Test
    void anUnparseableSelectorIsInvalidSelector() {
        AttemptResult result = onAll("app in (web", null);
        AttemptResult empty = onAll(" ", null);

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).isEqualTo(Reasons.INVALID_SELECTOR);
        assertThat(result.message()).contains("executor.pod.selector", "app in (web", "')'");
        assertThat(empty.reason()).isEqualTo(Reasons.INVALID_SELECTOR);
    }

    @Test
    void setBasedSelectorsSelectAsKubectlDoes() {
        create(pod("a-prod", Map.of("app", "web", "env", "prod", "tier", "front")));
        create(pod("b-staging", Map.of("app", "web", "env", "staging")));
        create(pod("c-dev", Map.of("app", "web", "env", "dev")));
        create(pod("d-cache", Map.of("app", "web", "env", "prod", "tier", "cache")));
        create(pod("e-canary", Map.of("app", "web", "env", "prod", "canary", "true")));
        create(pod("f-nolabel", Map.of("env", "prod")));

        assertThat(names(onAll("app, env in (prod, staging), tier notin (cache), !canary", null)))
                .containsExactly("pod/a-prod", "pod/b-staging");
        assertThat(names(onAll("app==web,env!=prod", null))).containsExactly("pod/b-staging", "pod/c-dev");
        assertThat(names(onAll("!app", null))).containsExactly("pod/f-nolabel");
    }

    @Test
    void ownerMatchesByUidOrElseByKindAndName() {
        create(new PodBuilder(pod("db-0", Map.of("app", "db")))
                .editMetadata()
                .withOwnerReferences(owner("StatefulSet", "db", "uid-db"))
                .endMetadata()
                .build());
        create(new PodBuilder(pod("db-other", Map.of("app", "db")))
                .editMetadata()
                .withOwnerReferences(owner("StatefulSet", "db-other", "uid-other"))
                .endMetadata()
                .build());

        assertThat(names(
                        onAll("app=db", new OwnerReference("apps/v1", "StatefulSet", "ignored", "uid-db", true, null))))
                .containsExactly("pod/db-0");
        assertThat(names(onAll("app=db", new OwnerReference("apps/v1", "StatefulSet", "db-other", "", null, null))))
                .containsExactly("pod/db-other");
    }

    @Test
    void aDeploymentOwnerMatchesThePodsOfItsReplicaSets() {
        client.apps()
                .replicaSets()
                .inNamespace(namespace)
                .resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("api-5d9f")
                        .withNamespace(namespace)
                        .withOwnerReferences(owner("Deployment", "api", "uid-api"))
                        .endMetadata()
                        .build())
                .create();
        client.apps()
                .replicaSets()
                .inNamespace(namespace)
                .resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("other-77aa")
                        .withNamespace(namespace)
                        .withOwnerReferences(owner("Deployment", "other", "uid-other"))
                        .endMetadata()
                        .build())
                .create();
        create(new PodBuilder(pod("api-5d9f-x", Map.of("app", "api")))
                .editMetadata()
                .withOwnerReferences(owner("ReplicaSet", "api-5d9f", "uid-rs-api"))
                .endMetadata()
                .build());
        create(new PodBuilder(pod("api-5d9f-y", Map.of("app", "api")))
                .editMetadata()
                .withOwnerReferences(owner("ReplicaSet", "api-5d9f", "uid-rs-api"))
                .endMetadata()
                .build());
        create(new PodBuilder(pod("other-77aa-z", Map.of("app", "api")))
                .editMetadata()
                .withOwnerReferences(owner("ReplicaSet", "other-77aa", "uid-rs-other"))
                .endMetadata()
                .build());
        create(new PodBuilder(pod("orphan-rs-w", Map.of("app", "api")))
                .editMetadata()
                .withOwnerReferences(owner("ReplicaSet", "deleted-rs", "uid-gone"))
                .endMetadata()
                .build());

        assertThat(names(onAll("app=api", new OwnerReference("apps/v1", "Deployment", "api", "uid-api", true, null))))
                .containsExactly("pod/api-5d9f-x", "pod/api-5d9f-y");
        assertThat(names(onAll("app=api", new OwnerReference("apps/v1", "Deployment", "api", null, null, null))))
                .containsExactly("pod/api-5d9f-x", "pod/api-5d9f-y");
    }

    @Test
    void noOwnedPodIsNoPodMatchedNamingTheOwner() {
        create(pod("db-0", Map.of("app", "db")));

        AttemptResult result =
                onAll("app=db", new OwnerReference("apps/v1", "StatefulSet", "db", "uid-db", true, null));

        assertThat(result.reason()).isEqualTo(Reasons.NO_POD_MATCHED);
        assertThat(result.message())
                .contains("found 1 pod(s)", "none is owned by executor.pod.owner", "StatefulSet/db (uid uid-db)");
    }

    @Test
    void aForbiddenPodListIsKubernetesForbiddenNamingVerbResourceAndNamespace() {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods?labelSelector=app%3Ddb")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .withMessage("pods is forbidden: cannot list resource \"pods\"")
                                .build())
                .once();

        AttemptResult result = onAll("app=db", null);

        assertThat(result.status()).isEqualTo(HookStatus.Failed);
        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message()).contains("list pods in namespace " + namespace, "HTTP 403");
    }

    @Test
    void anotherApiErrorSuchAsAnExpiredTokenIsKubernetesError() {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods?labelSelector=app%3Ddb")
                .andReturn(
                        401,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(401)
                                .withMessage("Unauthorized")
                                .build())
                .once();

        AttemptResult result = onAll("app=db", null);

        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_ERROR);
        assertThat(result.message()).contains("list pods", namespace, "HTTP 401");
    }

    @Test
    void aForbiddenReplicaSetLookupIsKubernetesForbidden() {
        create(new PodBuilder(pod("api-1", Map.of("app", "api")))
                .editMetadata()
                .withOwnerReferences(owner("ReplicaSet", "api-rs", "uid-rs"))
                .endMetadata()
                .build());
        server.expect()
                .get()
                .withPath("/apis/apps/v1/namespaces/" + namespace + "/replicasets/api-rs")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .build())
                .once();

        AttemptResult result = onAll("app=api", new OwnerReference("apps/v1", "Deployment", "api", null, null, null));

        assertThat(result.reason()).as(result.message()).isEqualTo(Reasons.KUBERNETES_FORBIDDEN);
        assertThat(result.message()).contains("get replicasets in namespace " + namespace);
    }

    @Test
    void aSessionWithoutNamespaceIsInvalidAction() {
        AttemptResult result = await(executor.attempt(execution(null, "app=web", probe())));

        assertThat(result.reason()).isEqualTo(Reasons.INVALID_ACTION);
        assertThat(result.message()).contains("session.namespace");
    }
}
