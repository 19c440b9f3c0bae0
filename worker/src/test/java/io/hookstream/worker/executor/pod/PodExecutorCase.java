package io.hookstream.worker.executor.pod;

import static io.hookstream.worker.executor.TestVertx.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.worker.executor.HookRunner;
import io.hookstream.worker.executor.TestVertx;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What each test of the Pod executor starts with: a {@link TestVertx}, a {@link PodExecutor} on the test class's
 * mock API client, a {@link HookRunner} over it, and a namespace of its own. After each test: no event loop was
 * blocked, then the runner (and with it the executor) and Vert.x are closed. The class's own {@code @BeforeEach}
 * runs after this one's, its {@code @AfterEach} before.
 */
abstract class PodExecutorCase {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final String namespacePrefix;
    private TestVertx watch;
    Vertx vertx;
    PodExecutor executor;
    HookRunner runner;
    String namespace;

    /** @param namespacePrefix what the namespaces of the class's tests start with */
    PodExecutorCase(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
    }

    /** The test class's client of fabric8's mock API server (its {@code @EnableKubernetesMockClient} field). */
    abstract KubernetesClient client();

    @BeforeEach
    final void startPodExecutor() {
        watch = TestVertx.start();
        vertx = watch.vertx();
        executor = new PodExecutor(vertx, client(), PodFixtures.options());
        runner = new HookRunner(vertx, Map.of(ExecutorType.Pod, executor), PodFixtures.options());
        namespace = namespacePrefix + "-" + NAMESPACES.incrementAndGet();
    }

    @AfterEach
    final void stopPodExecutor() {
        try {
            watch.assertNoEventLoopBlocked();
        } finally {
            await(runner.close());
            watch.close();
        }
    }
}
