package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@link PodWait} stops its informer however the wait ends: a ready pod, the limit, an abort. */
@EnableKubernetesMockClient(crud = true)
class PodWaitInformerTest {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    static KubernetesClient client;

    private Vertx vertx;
    private WorkerExecutor pool;
    private String namespace;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        pool = vertx.createSharedWorkerExecutor("pod-wait-test", 2);
        namespace = "informer-" + NAMESPACES.incrementAndGet();
    }

    @AfterEach
    void stop() {
        get(pool.close());
        get(vertx.close());
    }

    private PodWait startWaiting(long limitMillis, AbortSignal abort) throws InvalidSelectorException {
        Selector selector = SelectorParser.parse("app=web");
        Context context = vertx.getOrCreateContext();
        Promise<PodWait> started = Promise.promise();
        context.runOnContext(ignored -> started.complete(PodWait.start(
                vertx,
                context,
                pool,
                client,
                namespace,
                selector.equalities(),
                pods -> PodFinder.select(pods, selector, null, namespace, null),
                selection -> !selection.pods().isEmpty(),
                new PodSelection(List.of(), List.of(), 0, null),
                limitMillis,
                abort)));
        PodWait wait = get(started.future());
        await("the informer runs").atMost(GENEROUS).until(wait::watching);
        return wait;
    }

    private void createReadyPod() {
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("web-0")
                        .withLabels(Map.of("app", "web"))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .addNewContainerStatus()
                        .withName("app")
                        .withReady(true)
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();
    }

    @Test
    void aReadyPodEndsTheWaitAndStopsTheInformer() throws Exception {
        PodWait wait = startWaiting(GENEROUS.toMillis(), new AbortSignal());

        createReadyPod();
        PodWait.Result result = get(wait.result());

        assertThat(result.end()).isEqualTo(PodWait.End.READY);
        assertThat(result.selection().pods())
                .extracting(pod -> pod.getMetadata().getName())
                .containsExactly("web-0");
        await("the informer is stopped").atMost(GENEROUS).until(() -> !wait.watching());
    }

    @Test
    void theLimitEndsTheWaitWithTheLastSelectionAndStopsTheInformer() throws Exception {
        PodWait wait = startWaiting(2_000, new AbortSignal());

        PodWait.Result result = get(wait.result());

        assertThat(result.end()).isEqualTo(PodWait.End.LIMIT);
        assertThat(result.selection().pods()).isEmpty();
        await("the informer is stopped").atMost(GENEROUS).until(() -> !wait.watching());
    }

    @Test
    void anAbortEndsTheWaitAndStopsTheInformer() throws Exception {
        AbortSignal abort = new AbortSignal();
        PodWait wait = startWaiting(GENEROUS.toMillis(), abort);

        abort.abort(Reasons.LEASE_LOST, "lease lost");

        assertThat(get(wait.result()).end()).isEqualTo(PodWait.End.ABORTED);
        await("the informer is stopped").atMost(GENEROUS).until(() -> !wait.watching());
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete", e);
        }
    }
}
