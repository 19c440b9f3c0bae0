package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;
import io.hookstream.worker.executor.internal.Deadline;
import io.hookstream.worker.executor.internal.Step;
import io.hookstream.worker.executor.internal.StepOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code action.exec} in a pod through the Kubernetes exec API (pods/exec, no TTY, no stdin): the argv goes
 * as is, never through a shell. Opening the stream runs on the Kubernetes pool; while the command runs no
 * thread waits for it. stdout and stderr keep their last bytes only.
 *
 * <p>On the deadline the exec stream is closed and the step is TimedOut; on an abort the step ends once the
 * stream is closed (one still opening is waited for, then closed). The exec API has no way to signal the
 * remote process: it keeps running in the container until it ends by itself (a write to its closed stdout or
 * stderr may end it with SIGPIPE). Hooks that can hang should bound themselves, e.g. {@code timeout 60 cmd}.
 */
public final class PodExecStep implements Step {

    private static final String NON_ZERO_EXIT = "NonZeroExitCode";

    private final Vertx vertx;
    private final WorkerExecutor pool;
    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final String container;
    private final List<String> argv;
    private final int maxOutputBytes;

    public PodExecStep(
            Vertx vertx,
            WorkerExecutor pool,
            KubernetesClient client,
            String namespace,
            String pod,
            String container,
            List<String> argv,
            int maxOutputBytes) {
        this.vertx = vertx;
        this.pool = pool;
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.argv = List.copyOf(argv);
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public String kind() {
        return "exec";
    }

    @Override
    public Future<StepOutcome> run(Deadline deadline, AbortSignal abort) {
        Context context = vertx.getOrCreateContext();
        TailOutputStream stdout = new TailOutputStream(maxOutputBytes);
        TailOutputStream stderr = new TailOutputStream(maxOutputBytes);
        AtomicReference<Status> exitStatus = new AtomicReference<>();
        Promise<StepOutcome> outcome = Promise.promise();
        AtomicReference<ExecWatch> watch = new AtomicReference<>();
        long timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> {
            if (outcome.tryComplete(StepOutcome.timedOut("action.exec in pod " + pod + " (container " + container
                            + ") did not finish within the " + deadline.describe()
                            + " timeout; the exec stream was closed,"
                            + " but the Kubernetes exec API cannot stop the command, which may still run in the container"
                            + " (bound it inside the hook, e.g. with 'timeout', or raise the hook's timeout)")
                    .withProcessOutput(null, stdout.tail(), stderr.tail()))) {
                close(watch.get());
            }
        });
        Future<ExecWatch> opening = pool.executeBlocking(
                () -> client.pods()
                        .inNamespace(namespace)
                        .withName(pod)
                        .inContainer(container)
                        .writingOutput(stdout)
                        .writingError(stderr)
                        .usingListener(new ExecListener() {
                            @Override
                            public void onExit(int code, Status status) {
                                exitStatus.set(status);
                            }

                            @Override
                            public void onClose(int code, String reason) {
                                // the exit code future reports the end of the stream
                            }
                        })
                        .exec(argv.toArray(String[]::new)),
                false);
        boolean[] stopping = new boolean[1];
        abort.onAbort(() -> context.runOnContext(ignored -> {
            if (outcome.future().isComplete()) {
                return;
            }
            stopping[0] = true;
            vertx.cancelTimer(timer);
            // a stream still opening is closed once open: the abort ends after that, never before
            opening.transform(opened -> opened.succeeded() ? close(opened.result()) : Future.<Void>succeededFuture())
                    .onComplete(closed -> outcome.tryComplete(StepOutcome.aborted(
                                    abort,
                                    "action.exec in pod " + pod
                                            + " (container " + container
                                            + ") was stopped: the exec stream was closed, but the"
                                            + " Kubernetes exec API cannot stop the command, which may still run in the container")
                            .withProcessOutput(null, stdout.tail(), stderr.tail())));
        }));
        opening.onComplete(opened -> {
            if (stopping[0]) {
                return; // the abort closes the stream and completes the outcome
            }
            if (opened.failed()) {
                vertx.cancelTimer(timer);
                outcome.tryComplete(KubernetesFailures.outcome("create", "pods/exec", namespace, opened.cause()));
                return;
            }
            watch.set(opened.result());
            if (outcome.future().isComplete()) {
                close(opened.result());
                return;
            }
            Future.fromCompletionStage(opened.result().exitCode(), context).onComplete(exited -> {
                vertx.cancelTimer(timer);
                close(opened.result());
                outcome.tryComplete(result(
                                exited.succeeded() ? exited.result() : null,
                                exited.succeeded() ? null : exited.cause(),
                                exitStatus.get())
                        .withProcessOutput(exited.succeeded() ? exited.result() : null, stdout.tail(), stderr.tail()));
            });
        });
        return outcome.future();
    }

    private StepOutcome result(Integer code, Throwable failure, Status status) {
        if (code != null && code == 0) {
            return StepOutcome.success();
        }
        if (code != null && code > 0) {
            return StepOutcome.failed(
                    Reasons.NON_ZERO_EXIT,
                    "action.exec in pod " + pod + " (container " + container + "): command exited with code " + code);
        }
        String why;
        if (failure != null) {
            why = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        } else if (status != null && !NON_ZERO_EXIT.equals(status.getReason()) && status.getMessage() != null) {
            why = status.getMessage();
        } else {
            why = "the exec stream closed without an exit status";
        }
        return StepOutcome.failed(
                Reasons.EXEC_FAILED,
                "action.exec in pod " + pod + " (container " + container + ") could not run the command: " + why
                        + "; check that the program exists in the container image");
    }

    /**
     * Closes the exec stream on the pool; if the pool is already closed (the executor was closed while the
     * stream opened), closes it here: ExecWatch.close() only queues a close frame and stops fabric8's executor.
     */
    private Future<Void> close(ExecWatch opened) {
        if (opened == null) {
            return Future.succeededFuture();
        }
        try {
            return pool.<Void>executeBlocking(
                            () -> {
                                opened.close();
                                return null;
                            },
                            false)
                    .recover(rejected -> {
                        opened.close();
                        return Future.succeededFuture();
                    });
        } catch (RejectedExecutionException e) {
            opened.close();
            return Future.succeededFuture();
        }
    }
}
