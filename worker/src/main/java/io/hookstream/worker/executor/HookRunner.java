package io.hookstream.worker.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.worker.executor.function.FunctionExecutor;
import io.hookstream.worker.executor.internal.RetryBackoff;
import io.hookstream.worker.executor.pod.PodExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one hook to its end: picks the executor for {@code executor.type}, makes up to {@code 1 + maxRetry}
 * attempts with exponential backoff between them (a Vert.x timer, never a sleeping thread) and reports the last
 * attempt. {@link #start} also lets the caller abort the hook while it runs ({@link RunningHook#abort}). A report
 * is never a failed future: a fault of an executor becomes a Failed/WorkerError report. InvalidAction,
 * ExecutorNotSupported, InvalidSelector, FunctionNotFound, KubernetesForbidden, ExecNotAllowed and
 * TargetNotAllowed are not retried, as another attempt cannot change them; nor is an attempt that never ended
 * (its executor did not answer within the timeout, kill grace period and 30 s), as its action may still run.
 */
public final class HookRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);
    /** Beyond its timeout and kill grace period, how long an attempt may take before it counts as lost. */
    private static final Duration LOST_ATTEMPT_MARGIN = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Map<ExecutorType, ActionExecutor> executors;
    private final ExecutorOptions options;
    private final RetryBackoff backoff;
    private final Duration lostAfter;

    /** A runner over the given executors; {@link #close()} closes each of them once. */
    public HookRunner(Vertx vertx, Map<ExecutorType, ActionExecutor> executors, ExecutorOptions options) {
        this(vertx, executors, options, LOST_ATTEMPT_MARGIN);
    }

    /** @param lostAttemptMargin beyond its timeout and kill grace period, when an attempt counts as lost */
    HookRunner(
            Vertx vertx,
            Map<ExecutorType, ActionExecutor> executors,
            ExecutorOptions options,
            Duration lostAttemptMargin) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.executors = executors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(executors));
        this.backoff = new RetryBackoff(options.retryBackoffInitial(), options.retryBackoffMax());
        this.lostAfter = options.killGracePeriod().plus(lostAttemptMargin);
    }

    /** Operator hooks only: Pod and Function hooks answer ExecutorNotSupported (no Kubernetes access). */
    public static HookRunner create(Vertx vertx, ExecutorOptions options) {
        return create(vertx, options, null);
    }

    /**
     * Operator hooks run in this process ({@link OperatorExecutor}); with a Kubernetes client, Pod hooks run in
     * the application's pods ({@link PodExecutor}) and Function hooks as Jobs ({@link FunctionExecutor}). The
     * client stays the caller's: {@link #close()} does not close it.
     */
    public static HookRunner create(Vertx vertx, ExecutorOptions options, KubernetesClient kubernetes) {
        Map<ExecutorType, ActionExecutor> executors = new EnumMap<>(ExecutorType.class);
        executors.put(ExecutorType.Operator, new OperatorExecutor(vertx, options));
        if (kubernetes == null) {
            executors.put(ExecutorType.Pod, new NotSupportedExecutor(ExecutorType.Pod));
            executors.put(ExecutorType.Function, new NotSupportedExecutor(ExecutorType.Function));
        } else {
            executors.put(ExecutorType.Pod, new PodExecutor(vertx, kubernetes, options));
            executors.put(ExecutorType.Function, new FunctionExecutor(vertx, kubernetes, options));
        }
        return new HookRunner(vertx, executors, options);
    }

    /**
     * Runs {@code execution} with its retries: {@code start(execution).report()}.
     *
     * @return the report of the last attempt; never a failed future
     */
    public Future<ExecutionReport> run(Execution execution) {
        return start(execution).report();
    }

    /**
     * Starts {@code execution} with its retries; the hook runs on the caller's Vert.x context (a context of this
     * runner's Vert.x otherwise). A null timeout means {@link ExecutorOptions#DEFAULT_ATTEMPT_TIMEOUT}.
     *
     * @return the running hook: its report (never a failed future) and its abort
     */
    public RunningHook start(Execution execution) {
        Instant startedAt = Instant.now();
        Context current = Vertx.currentContext();
        Context context = current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
        try {
            Execution timed = withTimeout(execution);
            ActionExecutor executor =
                    timed.executor() == null || timed.executor().type() == null
                            ? null
                            : executors.get(timed.executor().type());
            HookRun run = new HookRun(vertx, context, timed, executor, backoff, lostAfter, startedAt);
            ExecutionReport early = notRunnable(timed, startedAt);
            if (early != null) {
                run.finishEarly(early);
            } else {
                run.begin();
            }
            return run;
        } catch (RuntimeException e) {
            LOG.warn("hook runner fault runId={} hookId={}", runId(execution), hookId(execution), e);
            HookRun failed = new HookRun(vertx, context, execution, null, backoff, lostAfter, startedAt);
            failed.finishEarly(new ExecutionReport(
                    HookStatus.Failed,
                    Reasons.WORKER_ERROR,
                    workerErrorMessage(e),
                    1,
                    startedAt,
                    Instant.now(),
                    List.of()));
            return failed;
        }
    }

    /** Closes every executor (and so releases the exec pool and the HTTP and TCP clients). */
    public Future<Void> close() {
        Set<ActionExecutor> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(executors.values());
        List<Future<Void>> closing = new ArrayList<>();
        for (ActionExecutor executor : distinct) {
            try {
                closing.add(executor.close());
            } catch (RuntimeException e) {
                closing.add(Future.failedFuture(e));
            }
        }
        return Future.join(closing).mapEmpty();
    }

    /** The report of an execution no executor of this runner can take, or null when one can. */
    private ExecutionReport notRunnable(Execution execution, Instant startedAt) {
        if (execution.executor() == null) {
            return new ExecutionReport(
                    HookStatus.Failed,
                    Reasons.INVALID_ACTION,
                    "executor is missing: the hook's"
                            + " template needs spec.executor with type Operator, Pod or Function",
                    1,
                    startedAt,
                    Instant.now(),
                    List.of());
        }
        ExecutorType type = execution.executor().type();
        if (type == null || !executors.containsKey(type)) {
            return new ExecutionReport(
                    HookStatus.Failed,
                    Reasons.EXECUTOR_NOT_SUPPORTED,
                    "executor.type " + type + " is not supported by this worker: use one of " + executors.keySet(),
                    1,
                    startedAt,
                    Instant.now(),
                    List.of());
        }
        return null;
    }

    static String workerErrorMessage(Throwable fault) {
        return "the worker failed to run the hook (" + fault.getClass().getSimpleName()
                + (fault.getMessage() == null ? "" : ": " + fault.getMessage())
                + "); this is a worker fault, see the worker's log";
    }

    private static Execution withTimeout(Execution execution) {
        Objects.requireNonNull(execution, "execution");
        if (execution.timeout() != null) {
            return execution;
        }
        return execution.withTimeout(ExecutorOptions.DEFAULT_ATTEMPT_TIMEOUT);
    }

    private static String runId(Execution execution) {
        return execution == null ? null : execution.runId();
    }

    private static String hookId(Execution execution) {
        return execution == null ? null : execution.hookId();
    }
}
