package io.hookstream.worker.executor.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.worker.executor.AbortSignal;
import io.hookstream.worker.executor.ActionExecutor;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutorOptions;
import io.hookstream.worker.executor.function.internal.AttemptNumbers;
import io.hookstream.worker.executor.function.internal.InvalidFunctionException;
import io.hookstream.worker.executor.function.internal.JobClient;
import io.hookstream.worker.executor.function.internal.JobConflictException;
import io.hookstream.worker.executor.function.internal.JobManifest;
import io.hookstream.worker.executor.function.internal.JobNames;
import io.hookstream.worker.executor.function.internal.JobState;
import io.hookstream.worker.executor.function.internal.JobWatch;
import io.hookstream.worker.executor.function.internal.KubernetesFailure;
import io.hookstream.worker.executor.function.internal.PodReport;
import io.hookstream.worker.executor.internal.Contexts;
import io.hookstream.worker.executor.internal.Deadline;
import io.hookstream.worker.executor.internal.StepOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code executor.type: Function}: each attempt runs as a Kubernetes Job in the invoker's namespace, built from
 * the KubeStash {@code Function} (addons.kubestash.com/v1alpha1, cluster-scoped) named by
 * {@code executor.function.name} (see {@link JobManifest}). The Job is named from the hook id and the attempt
 * number, so a restarted or second worker adopts an existing Job instead of creating another; it has
 * {@code backoffLimit: 0}, {@code activeDeadlineSeconds} from the timeout and a TTL after it finishes. Its end is
 * watched (an informer, no polling); the result carries the pod's exit code and log tail. On timeout the Job is
 * deleted (propagation Background) and the attempt is TimedOut; an abort deletes it the same way (after its
 * creation, if that is under way) and the attempt ends once the API server has accepted the deletion. Every
 * fabric8 call runs on the bounded {@value #POOL_NAME} pool.
 */
public final class FunctionExecutor implements ActionExecutor {

    /** Name of the worker pool of the Kubernetes API calls. */
    public static final String POOL_NAME = "hookstream-k8s-function";

    private static final Logger LOG = LoggerFactory.getLogger(FunctionExecutor.class);

    private final Vertx vertx;
    private final JobClient jobs;
    private final KubernetesClient client;
    private final ExecutorOptions options;
    private final FunctionExecutorSettings settings;
    private final WorkerExecutor pool;
    private final AttemptNumbers attempts = new AttemptNumbers();
    private final Set<JobWatch> watches = ConcurrentHashMap.newKeySet();

    /** An executor with {@link FunctionExecutorSettings#defaults()}. */
    public FunctionExecutor(Vertx vertx, KubernetesClient client, ExecutorOptions options) {
        this(vertx, client, options, FunctionExecutorSettings.defaults());
    }

    /** @param client built once per process and shared; this executor does not close it */
    public FunctionExecutor(
            Vertx vertx, KubernetesClient client, ExecutorOptions options, FunctionExecutorSettings settings) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.jobs = new JobClient(client);
        this.pool = vertx.createSharedWorkerExecutor(POOL_NAME, settings.poolSize());
    }

    @Override
    public Future<AttemptResult> attempt(Execution execution, AbortSignal abort) {
        return Contexts.onContext(vertx, () -> start(execution, abort));
    }

    /** Stops the Job watches and closes the pool; Jobs still running are left to their deadline and TTL. */
    @Override
    public Future<Void> close() {
        List<JobWatch> open = List.copyOf(watches);
        watches.clear();
        return pool.executeBlocking(
                        () -> {
                            open.forEach(JobWatch::stop);
                            return null;
                        },
                        false)
                .transform(ignored -> pool.close());
    }

    private Future<AttemptResult> start(Execution execution, AbortSignal abort) {
        FunctionHookExecutorSpec function =
                execution.executor() == null ? null : execution.executor().function();
        if (function == null || function.name() == null || function.name().isBlank()) {
            return Future.succeededFuture(invalid("executor.function.name is missing: a Function executor needs"
                    + " the name of a Function (addons.kubestash.com/v1alpha1) in the HookTemplate"));
        }
        if (execution.session() == null || blank(execution.session().namespace())) {
            return Future.succeededFuture(invalid("session.namespace is missing: the Job of a Function hook runs"
                    + " in the invoker's namespace, so the run request must name it"));
        }
        Duration timeout = execution.timeout() == null ? ExecutorOptions.DEFAULT_ATTEMPT_TIMEOUT : execution.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            return Future.succeededFuture(invalid("timeout must be a positive duration such as 30s, got " + timeout));
        }
        int attempt = attempts.next(execution.hookId());
        Attempt run = new Attempt(
                execution.withTimeout(timeout),
                function.name(),
                JobNames.jobName(execution.hookId(), attempt),
                attempt,
                Deadline.after(timeout),
                vertx.getOrCreateContext(),
                abort);
        return run.start().map(result -> {
            boolean last = result.succeeded()
                    || attempt >= 1 + Math.max(0, execution.maxRetry())
                    || Reasons.INVALID_ACTION.equals(result.reason())
                    || abort.aborted();
            if (last) {
                attempts.done(execution.hookId());
            }
            return result;
        });
    }

    /**
     * One attempt: place the Job, watch it, and report, time it out or abort it. Whichever of the Job's end, the
     * timeout and the abort comes first settles the attempt; a timeout or an abort deletes the Job.
     */
    private final class Attempt {

        private final Execution execution;
        private final String functionName;
        private final String jobName;
        private final String namespace;
        private final int number;
        private final Deadline deadline;
        private final Context context;
        private final AbortSignal abort;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final Promise<AttemptResult> result = Promise.promise();
        /** Reading the Function and creating the Job; an abort deletes the Job only after this has ended. */
        private Future<AttemptResult> placing;

        private JobWatch watch;
        private long timer = -1;

        Attempt(
                Execution execution,
                String functionName,
                String jobName,
                int number,
                Deadline deadline,
                Context context,
                AbortSignal abort) {
            this.execution = execution;
            this.functionName = functionName;
            this.jobName = jobName;
            this.namespace = execution.session().namespace();
            this.number = number;
            this.deadline = deadline;
            this.context = context;
            this.abort = abort;
        }

        Future<AttemptResult> start() {
            placing = pool.executeBlocking(() -> abort.aborted() ? null : place(), false);
            abort.onAbort(() -> context.runOnContext(ignored -> onAbort()));
            placing.onComplete(placed -> {
                if (settled.get() || abort.aborted()) {
                    return; // settled, or the abort settles it
                }
                if (placed.failed()) {
                    settled.set(true);
                    result.fail(placed.cause());
                } else if (placed.result() != null) {
                    settled.set(true);
                    result.complete(placed.result());
                } else {
                    watch();
                }
            });
            return result.future();
        }

        /** Stops watching and deletes the Job (once it has been placed) with its pods; then reports the abort. */
        private void onAbort() {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (watch != null) {
                vertx.cancelTimer(timer);
                stop(watch);
            }
            placing.transform(ignored -> pool.executeBlocking(this::aborted, false))
                    .onComplete(result);
        }

        private AttemptResult aborted() {
            String cleanup = delete();
            return new AttemptResult(
                    HookStatus.Failed,
                    abort.reason(),
                    StepOutcome.aborted(
                                    abort,
                                    "Job " + namespace + "/" + jobName + " (Function " + functionName
                                            + ") was stopped: " + cleanup)
                            .message(),
                    List.of());
        }

        /**
         * Reads the Function and creates (or adopts) the Job; a result when the attempt ends here — it failed, or
         * it adopted a Job that had already finished (a worker restarted after its Job ended) — else null.
         */
        private AttemptResult place() {
            String call = "get functions.addons.kubestash.com " + functionName + " (cluster-scoped)";
            try {
                JsonNode spec = jobs.functionSpec(functionName);
                if (spec == null) {
                    return new AttemptResult(
                            HookStatus.Failed,
                            Reasons.FUNCTION_NOT_FOUND,
                            "Function " + functionName
                                    + " (addons.kubestash.com/v1alpha1) does not exist: install it (e.g. with KubeStash's"
                                    + " addon catalog) or fix executor.function.name of the HookTemplate",
                            List.of());
                }
                ObjectNode manifest =
                        JobManifest.build(execution, functionName, spec, jobName, number, settings.ttlAfterFinished());
                call = "create jobs.batch " + jobName + " in namespace " + namespace;
                JobClient.Placed placed = jobs.createOrAdopt(manifest, execution.hookId());
                LOG.info(
                        "runId={} hookId={} {} Job {}/{} for Function {} (attempt {})",
                        execution.runId(),
                        execution.hookId(),
                        placed.adopted() ? "adopted" : "created",
                        namespace,
                        jobName,
                        functionName,
                        number);
                JobState adopted = placed.adopted() ? JobState.of(placed.job()) : null;
                return adopted != null && adopted.finished() ? finished(adopted) : null;
            } catch (InvalidFunctionException e) {
                return invalid(e.getMessage());
            } catch (JobConflictException e) {
                return new AttemptResult(HookStatus.Failed, Reasons.KUBERNETES_ERROR, e.getMessage(), List.of());
            } catch (KubernetesClientException e) {
                return KubernetesFailure.of(e, call);
            }
        }

        private void watch() {
            pool.executeBlocking(() -> JobWatch.start(client, namespace, jobName, context), false)
                    .onComplete(started -> {
                        if (started.failed()) {
                            if (settled.compareAndSet(false, true)) {
                                result.fail(started.cause());
                            }
                        } else if (settled.get()) {
                            pool.executeBlocking(
                                    () -> {
                                        started.result().stop();
                                        return null;
                                    },
                                    false);
                        } else {
                            await(started.result());
                        }
                    });
        }

        private void await(JobWatch watch) {
            this.watch = watch;
            watches.add(watch);
            timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> {
                if (settled.compareAndSet(false, true)) {
                    stop(watch);
                    pool.executeBlocking(this::timedOut, false).onComplete(result);
                }
            });
            watch.finished().onComplete(done -> {
                if (!settled.compareAndSet(false, true)) {
                    return;
                }
                vertx.cancelTimer(timer);
                if (done.failed()) {
                    stop(watch);
                    result.complete(
                            done.cause() instanceof KubernetesClientException e
                                    ? KubernetesFailure.of(
                                            e, "list and watch jobs.batch " + jobName + " in namespace " + namespace)
                                    : new AttemptResult(
                                            HookStatus.Failed,
                                            Reasons.KUBERNETES_ERROR,
                                            "watching Job " + namespace + "/" + jobName + " failed: " + done.cause(),
                                            List.of()));
                } else {
                    // the pod report is read before the watch is stopped: stopping it is not needed for the result
                    pool.executeBlocking(() -> finished(done.result()), false)
                            .onComplete(report -> stop(watch))
                            .onComplete(result);
                }
            });
        }

        private AttemptResult finished(JobState state) {
            if (state.phase() == JobState.Phase.DELETED) {
                return new AttemptResult(
                        HookStatus.Failed,
                        Reasons.JOB_FAILED,
                        "Job " + namespace + "/" + jobName
                                + " (Function " + functionName
                                + ") was deleted before it finished; something other than"
                                + " hookstream removed it",
                        List.of());
            }
            PodReport pod = report();
            String job = "Job " + namespace + "/" + jobName + " (Function " + functionName + ")";
            if (state.phase() == JobState.Phase.SUCCEEDED) {
                return new AttemptResult(HookStatus.Succeeded, null, null, List.of(pod.target(jobName)));
            }
            if (state.deadlineExceeded()) {
                return new AttemptResult(
                        HookStatus.TimedOut,
                        Reasons.DEADLINE_EXCEEDED,
                        job + " exceeded its " + deadline.describe() + " deadline (activeDeadlineSeconds); "
                                + pod.describe(),
                        List.of(pod.target(jobName)));
            }
            String why = state.reason() == null
                    ? ""
                    : " (" + state.reason() + (state.message() == null ? "" : ": " + state.message()) + ")";
            return new AttemptResult(
                    HookStatus.Failed,
                    Reasons.JOB_FAILED,
                    job + " failed" + why + ": " + pod.describe() + "; see the log tail in the target",
                    List.of(pod.target(jobName)));
        }

        private AttemptResult timedOut() {
            PodReport pod = report();
            String cleanup = delete();
            return new AttemptResult(
                    HookStatus.TimedOut,
                    Reasons.DEADLINE_EXCEEDED,
                    "Job " + namespace + "/"
                            + jobName + " (Function " + functionName + ") did not finish within " + deadline.describe()
                            + "; " + pod.describe() + "; " + cleanup,
                    List.of(pod.target(jobName)));
        }

        /** Deletes the Job and (propagation Background) its pods; says what came of it. */
        private String delete() {
            try {
                jobs.delete(namespace, jobName);
                return "deleted it and its pod";
            } catch (KubernetesClientException e) {
                return "could not delete it ("
                        + KubernetesFailure.of(e, "delete jobs.batch " + jobName + " in namespace " + namespace)
                                .message()
                        + "); its activeDeadlineSeconds and TTL remove it";
            }
        }

        private PodReport report() {
            try {
                return jobs.podReport(namespace, jobName, settings.logTailLines(), options.maxOutputBytes());
            } catch (KubernetesClientException e) {
                LOG.warn(
                        "runId={} hookId={} cannot read the pod of Job {}/{}: HTTP {}",
                        execution.runId(),
                        execution.hookId(),
                        namespace,
                        jobName,
                        e.getCode());
                return new PodReport(
                        null,
                        null,
                        null,
                        null,
                        KubernetesFailure.of(e, "list pods in namespace " + namespace)
                                .message());
            }
        }

        private void stop(JobWatch watch) {
            watches.remove(watch);
            pool.executeBlocking(
                    () -> {
                        watch.stop();
                        return null;
                    },
                    false);
        }
    }

    private static AttemptResult invalid(String message) {
        return new AttemptResult(HookStatus.Failed, Reasons.INVALID_ACTION, message, List.of());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
