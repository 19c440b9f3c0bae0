package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hookstream.worker.executor.AbortSignal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waits for the pods of a hook to be ready, watching them (no polling): an informer on the namespace's pods with
 * the selector's {@code key=value} labels (list, then watch; fabric8 re-lists and watches again when the watch
 * drops or its resourceVersion is too old). Once the informer has synced, and after every change it reports,
 * the pods in its cache are selected again on the Kubernetes pool (matching an owner may read ReplicaSets), one
 * selection at a time, the changes during one coalesced into the next. The wait ends when a selection is
 * enough, when the limit passes, when the abort fires, when the informer fails (e.g. 403 on watch pods), or on
 * {@link #close}; the informer is then stopped on the pool. Its state is confined to the given context.
 */
public final class PodWait {

    /** What ended the wait. */
    public enum End {
        READY,
        LIMIT,
        ABORTED,
        FAILED,
        CLOSED
    }

    /** How the wait ended and the last selection it made (the initial one if it made none). */
    public record Result(End end, PodSelection selection) {}

    private final Vertx vertx;
    private final Context context;
    private final WorkerExecutor pool;
    private final String namespace;
    private final Function<List<Pod>, PodSelection> select;
    private final Predicate<PodSelection> enough;
    private final Promise<Result> result = Promise.promise();
    private final AtomicBoolean changeScheduled = new AtomicBoolean();
    private volatile SharedIndexInformer<Pod> informer;
    private PodSelection last;
    private boolean synced;
    private boolean selecting;
    private boolean changedWhileSelecting;
    private long timer = -1;

    private PodWait(
            Vertx vertx,
            Context context,
            WorkerExecutor pool,
            String namespace,
            Function<List<Pod>, PodSelection> select,
            Predicate<PodSelection> enough,
            PodSelection initial) {
        this.vertx = vertx;
        this.context = context;
        this.pool = pool;
        this.namespace = namespace;
        this.select = select;
        this.enough = enough;
        this.last = initial;
    }

    /**
     * Starts waiting; call on {@code context}.
     *
     * @param labels      the selector's {@code key=value} parts, for the API server to filter the watch by
     * @param select      selects among the pods of the informer's cache; blocking, run on {@code pool}
     * @param enough      whether a selection ends the wait
     * @param initial     the selection that made the hook wait, reported if the wait ends before it makes one
     * @param limitMillis how long to wait at most
     */
    public static PodWait start(
            Vertx vertx,
            Context context,
            WorkerExecutor pool,
            KubernetesClient client,
            String namespace,
            Map<String, String> labels,
            Function<List<Pod>, PodSelection> select,
            Predicate<PodSelection> enough,
            PodSelection initial,
            long limitMillis,
            AbortSignal abort) {
        PodWait wait = new PodWait(vertx, context, pool, namespace, select, enough, initial);
        wait.timer = vertx.setTimer(Math.max(1, limitMillis), id -> wait.finish(End.LIMIT, null));
        abort.onAbort(() -> context.runOnContext(ignored -> wait.finish(End.ABORTED, null)));
        pool.executeBlocking(() -> wait.inform(client, labels), false).onComplete(started -> {
            if (started.failed()) {
                wait.failed(started.cause());
            } else if (wait.result.future().isComplete()) {
                wait.stop(started.result());
            } else {
                wait.informer = started.result();
                wait.changed();
            }
        });
        return wait;
    }

    /** Completes once the wait has ended; never fails. */
    public Future<Result> result() {
        return result.future();
    }

    /** Whether the informer is running: from its hand-over until it has been stopped. For tests. */
    boolean watching() {
        SharedIndexInformer<Pod> current = informer;
        return current != null && current.isRunning();
    }

    /** Ends the wait with {@link End#CLOSED} (the executor is closing); may be called from any thread. */
    public void close() {
        context.runOnContext(ignored -> finish(End.CLOSED, null));
    }

    /** Builds and starts the informer; on the pool. Its events and its start reach the context. */
    private SharedIndexInformer<Pod> inform(KubernetesClient client, Map<String, String> labels) {
        SharedIndexInformer<Pod> started =
                client.pods().inNamespace(namespace).withLabels(labels).runnableInformer(0);
        started.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                scheduleChange();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                scheduleChange();
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                scheduleChange();
            }
        });
        started.start()
                .whenComplete((ignored, failure) -> context.runOnContext(done -> {
                    if (failure != null) {
                        failed(failure);
                    } else {
                        synced = true;
                        changed();
                    }
                }));
        started.stopped().whenComplete((ignored, failure) -> {
            if (failure != null) {
                context.runOnContext(done -> failed(failure));
            }
        });
        return started;
    }

    /** One task on the context for a burst of events (an informer's first list adds every pod at once). */
    private void scheduleChange() {
        if (changeScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> {
                changeScheduled.set(false);
                changed();
            });
        }
    }

    private void changed() {
        if (result.future().isComplete() || !synced || informer == null) {
            return; // an informer that synced before it was handed over is selected from at the hand-over
        }
        if (selecting) {
            changedWhileSelecting = true;
            return;
        }
        selecting = true;
        List<Pod> cached = informer.getStore().list();
        pool.executeBlocking(() -> select.apply(cached), false).onComplete(selected -> {
            selecting = false;
            if (selected.failed()) {
                failed(selected.cause());
                return;
            }
            PodSelection selection = selected.result();
            if (selection.failure() != null) {
                finish(End.FAILED, selection);
            } else if (enough.test(selection)) {
                finish(End.READY, selection);
            } else {
                last = selection;
                if (changedWhileSelecting) {
                    changedWhileSelecting = false;
                    changed();
                }
            }
        });
    }

    private void failed(Throwable failure) {
        finish(
                End.FAILED,
                PodSelection.failed(KubernetesFailures.outcome("watch", "pods", namespace, unwrap(failure))));
    }

    private void finish(End end, PodSelection selection) {
        if (result.future().isComplete()) {
            return;
        }
        vertx.cancelTimer(timer);
        if (informer != null) {
            stop(informer);
        }
        result.complete(new Result(end, selection != null ? selection : last));
    }

    private void stop(SharedIndexInformer<Pod> stopped) {
        pool.executeBlocking(
                () -> {
                    stopped.stop();
                    return null;
                },
                false);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
