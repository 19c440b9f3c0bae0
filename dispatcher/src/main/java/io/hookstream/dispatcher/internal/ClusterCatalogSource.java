package io.hookstream.dispatcher.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.dispatcher.kubernetes.ClusterCatalog;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HookTemplates and Namespaces from the Kubernetes cluster ({@link ClusterCatalog}). Every fabric8 call runs on
 * the bounded worker pool {@value #POOL}. The client is the process's (built and closed by whoever decided on
 * Kubernetes access, see {@link io.hookstream.kafka.KubernetesAccess}).
 */
final class ClusterCatalogSource implements CatalogSource {

    static final String POOL = "hookstream-k8s";
    private static final int POOL_SIZE = 4;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCatalogSource.class);

    private final Vertx vertx;
    private final DispatcherConfig config;
    private final AtomicReference<CatalogSnapshot> catalog;
    private final KubernetesClient client;
    private WorkerExecutor pool;
    private volatile ClusterCatalog cluster;

    /** @param client the process's client (not closed here) */
    ClusterCatalogSource(
            Vertx vertx, DispatcherConfig config, AtomicReference<CatalogSnapshot> catalog, KubernetesClient client) {
        this.vertx = vertx;
        this.config = config;
        this.catalog = catalog;
        this.client = java.util.Objects.requireNonNull(client, "the kubernetes template source needs a client");
    }

    @Override
    public Future<CatalogSnapshot> start() {
        pool = vertx.createSharedWorkerExecutor(POOL, POOL_SIZE);
        Executor blocking = task -> pool.executeBlocking(
                () -> {
                    task.run();
                    return null;
                },
                false);
        return pool.executeBlocking(() -> {
                    cluster = new ClusterCatalog(
                            client,
                            config.templates().watchNamespaces(),
                            blocking,
                            config.kafka().instanceId(),
                            catalog::set);
                    CatalogSnapshot snapshot = cluster.start(config.templates().syncTimeout());
                    LOG.info(
                            "loaded {} HookTemplates and {} Namespaces from the Kubernetes API server at {} ({}){}",
                            snapshot.templates().size(),
                            snapshot.namespaceLabels().size(),
                            client.getConfiguration().getMasterUrl(),
                            watched(),
                            snapshot.problems().isEmpty()
                                    ? ""
                                    : "; " + snapshot.problems().size()
                                            + " problems (invalid HookTemplates are not served)");
                    return snapshot;
                })
                .recover(failure -> stop().transform(stopped -> Future.failedFuture(failure))); // informers, pool
    }

    @Override
    public boolean ready() {
        ClusterCatalog current = cluster;
        return current != null && current.isSynced();
    }

    @Override
    public Map<String, Object> health() {
        ClusterCatalog current = cluster;
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("templateSource", "kubernetes");
        health.put("templatesFrom", "HookTemplate resources of the cluster (watched)");
        health.put("templatesSynced", current != null && current.isSynced());
        health.put("templatesWatching", current != null && current.isWatching());
        return health;
    }

    @Override
    public Future<Void> stop() {
        if (pool == null) {
            return Future.succeededFuture();
        }
        return pool.<Void>executeBlocking(() -> {
                    if (cluster != null) {
                        cluster.close();
                    }
                    return null;
                })
                .eventually(() -> pool.close());
    }

    private String watched() {
        return config.templates().watchNamespaces().isEmpty()
                ? "HookTemplates of all namespaces"
                : "HookTemplates of namespaces "
                        + String.join(", ", config.templates().watchNamespaces());
    }
}
