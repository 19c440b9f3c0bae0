package io.hookstream.dispatcher.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hookstream.dispatcher.DispatcherException;
import io.hookstream.dispatcher.kubernetes.internal.ChangeTrigger;
import io.hookstream.dispatcher.kubernetes.internal.HookTemplateResources;
import io.hookstream.dispatcher.kubernetes.internal.InvalidTemplateReporter;
import io.hookstream.dispatcher.kubernetes.internal.SnapshotBuilder;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.templates.catalog.CatalogSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HookTemplates and Namespaces of a Kubernetes cluster, kept current by fabric8 informers (list, then
 * watch): HookTemplate custom resources ({@code hooktemplates.core.kubestash.com/v1alpha1}) of every namespace
 * or of the watched ones, and every Namespace (their labels feed Selector usage policies). After
 * {@link #start(Duration)} each change hands a new immutable {@link CatalogSnapshot} to the listener. A
 * resource that fails conversion or {@link io.hookstream.templates.catalog.TemplateValidator} is not served
 * (not even its previous valid version), is listed among the snapshot's problems and is reported (WARN log,
 * Warning Event {@value InvalidTemplateReporter#REASON}). The client is the caller's: it is not closed here.
 */
public final class ClusterCatalog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCatalog.class);

    private final KubernetesClient client;
    private final List<String> watchNamespaces;
    private final Consumer<CatalogSnapshot> listener;
    private final SnapshotBuilder builder;
    private final List<SharedIndexInformer<GenericKubernetesResource>> templateInformers = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Namespace> namespaceInformer;
    private final Object publishLock = new Object();
    private volatile CatalogSnapshot current = CatalogSnapshot.empty();
    private volatile boolean publishing;

    /**
     * @param watchNamespaces the namespaces whose HookTemplates are served; empty for all namespaces
     * @param blocking        runs blocking API calls made from informer callbacks (Event creation); a bounded
     *                        worker pool, never an event loop
     * @param instance        this dispatcher's instance id, named in the Events it creates
     * @param listener        receives every new snapshot (on an informer thread: keep it quick)
     */
    public ClusterCatalog(
            KubernetesClient client,
            Collection<String> watchNamespaces,
            Executor blocking,
            String instance,
            Consumer<CatalogSnapshot> listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.watchNamespaces = List.copyOf(watchNamespaces);
        this.listener = Objects.requireNonNull(listener, "listener");
        Clock clock = Clock.systemUTC();
        this.builder = new SnapshotBuilder(clock, new InvalidTemplateReporter(client, blocking, instance, clock));
    }

    /**
     * Starts the informers and waits until each has listed its resources; then hands the first snapshot to the
     * listener and returns it. Blocks: call it on a worker thread.
     *
     * @throws DispatcherException when the resources cannot be listed within {@code timeout} (API server not
     *                             reachable, RBAC, CRD not installed); the message says what to check
     */
    public synchronized CatalogSnapshot start(Duration timeout) {
        if (!informers.isEmpty()) {
            throw new IllegalStateException("ClusterCatalog already started");
        }
        ChangeTrigger changed = new ChangeTrigger(this::publish);
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        if (watchNamespaces.isEmpty()) {
            templateInformers.add(client.genericKubernetesResources(HookTemplateResources.CONTEXT)
                    .inAnyNamespace()
                    .runnableInformer(0));
        } else {
            for (String namespace : watchNamespaces) {
                templateInformers.add(client.genericKubernetesResources(HookTemplateResources.CONTEXT)
                        .inNamespace(namespace)
                        .runnableInformer(0));
            }
        }
        namespaceInformer = client.namespaces().runnableInformer(0);
        templateInformers.forEach(informer -> synced.add(startInformer(informer, changed)));
        synced.add(startInformer(namespaceInformer, changed));
        try {
            CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw startFailure(timeout, "interrupted", null);
        } catch (TimeoutException e) {
            close();
            throw startFailure(timeout, "not synced within " + GoDuration.format(timeout), null);
        } catch (ExecutionException e) {
            close();
            throw startFailure(
                    timeout, e.getCause() == null ? e.toString() : e.getCause().getMessage(), e.getCause());
        }
        publishing = true;
        return publish();
    }

    /** The latest snapshot; empty before {@link #start(Duration)} returned. */
    public CatalogSnapshot current() {
        return current;
    }

    /** True once every informer has listed its resources (stays true while they re-watch). */
    public boolean isSynced() {
        return publishing && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** True while every informer holds an open watch (false briefly while one reconnects). */
    public boolean isWatching() {
        return publishing && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** Stops the informers; no snapshot is published afterwards. */
    @Override
    public synchronized void close() {
        synchronized (publishLock) {
            publishing = false;
        }
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        templateInformers.clear();
    }

    private CompletableFuture<Void> startInformer(SharedIndexInformer<?> informer, ChangeTrigger changed) {
        informers.add(informer);
        informer.addEventHandler(changed);
        informer.exceptionHandler((started, error) -> {
            // before the first sync, a refusal (4xx: RBAC, no CRD) fails the start; later everything is retried
            int code = statusOf(error);
            boolean refused = code >= 400 && code < 500;
            if (started) {
                LOG.warn(
                        "watching {} failed, retrying: {}",
                        informer.getApiTypeClass().getSimpleName(),
                        error.toString());
            }
            return started || !refused;
        });
        return informer.start().toCompletableFuture();
    }

    /** The HTTP status of a (possibly wrapped) KubernetesClientException; 0 for anything else. */
    private static int statusOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException k) {
                return k.getCode();
            }
        }
        return 0;
    }

    private CatalogSnapshot publish() {
        synchronized (publishLock) {
            if (!publishing) {
                return current;
            }
            List<GenericKubernetesResource> templates = new ArrayList<>();
            templateInformers.forEach(
                    informer -> templates.addAll(informer.getStore().list()));
            CatalogSnapshot snapshot =
                    builder.build(templates, namespaceInformer.getStore().list());
            current = snapshot;
            listener.accept(snapshot);
            return snapshot;
        }
    }

    private DispatcherException startFailure(Duration timeout, String cause, Throwable error) {
        int code = statusOf(error);
        String scope = watchNamespaces.isEmpty()
                ? "in all namespaces (a ClusterRole)"
                : "in namespaces " + String.join(", ", watchNamespaces);
        String message = "cannot read HookTemplates and Namespaces from the Kubernetes API server at "
                + client.getConfiguration().getMasterUrl() + " (waited up to " + GoDuration.format(timeout) + "): "
                + cause + ". Check that the server is reachable with the dispatcher's kubeconfig or in-cluster "
                + "service account, that the CRD hooktemplates.core.kubestash.com is installed "
                + "(kubectl get crd hooktemplates.core.kubestash.com), and that RBAC allows get, list and watch on "
                + "hooktemplates.core.kubestash.com " + scope + " and on namespaces (cluster-wide)";
        return new DispatcherException(
                code == 403 ? Reasons.KUBERNETES_FORBIDDEN : Reasons.KUBERNETES_ERROR, message, error);
    }
}
