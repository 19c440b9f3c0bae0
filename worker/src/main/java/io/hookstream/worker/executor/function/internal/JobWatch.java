package io.hookstream.worker.executor.function.internal;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Watches one Job, by name, with an informer (list then watch, re-established by fabric8 if the connection
 * drops) until it has finished or is gone. The first list also sees a Job that finished before the watch
 * began, as an adopted Job may have. The outcome is delivered on the given Vert.x context.
 */
public final class JobWatch {

    private final SharedIndexInformer<Job> informer;
    private final Promise<JobState> finished = Promise.promise();
    private final Context context;

    private JobWatch(KubernetesClient client, String namespace, String name, Context context) {
        this.context = context;
        this.informer =
                client.batch().v1().jobs().inNamespace(namespace).withName(name).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                seen(JobState.of(job));
            }

            @Override
            public void onUpdate(Job before, Job after) {
                seen(JobState.of(after));
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                seen(JobState.of(null));
            }
        });
    }

    /**
     * Starts watching. Non-blocking; the returned watch's {@link #finished()} fails if the informer cannot start
     * (e.g. 403 on list or watch of jobs).
     */
    public static JobWatch start(KubernetesClient client, String namespace, String name, Context context) {
        JobWatch watch = new JobWatch(client, namespace, name, context);
        watch.informer.start().whenComplete((ignored, failure) -> {
            if (failure != null) {
                watch.deliver(() -> watch.finished.tryFail(unwrap(failure)));
            }
        });
        return watch;
    }

    /** Completes with the Job's final state (SUCCEEDED, FAILED or DELETED). */
    public Future<JobState> finished() {
        return finished.future();
    }

    /** Stops the informer (closes its watch). Idempotent. */
    public void stop() {
        informer.stop();
    }

    private void seen(JobState state) {
        if (state.finished()) {
            deliver(() -> finished.tryComplete(state));
        }
    }

    private void deliver(Runnable action) {
        context.runOnContext(ignored -> action.run());
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
