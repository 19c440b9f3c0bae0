package io.hookstream.worker.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.worker.executor.function.FunctionExecutor;
import io.hookstream.worker.executor.pod.PodExecutor;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.worker.executor.internal.Contexts;
import io.hookstream.worker.executor.internal.RetryBackoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one hook to its end: picks the executor for {@code executor.type}, makes up to {@code 1 + maxRetry}
 * attempts with exponential backoff between them (a Vert.x timer, never a sleeping thread) and reports the last
 * attempt. {@link #run} never fails: a fault of an executor becomes a Failed/WorkerError report. InvalidAction,
 * ExecutorNotSupported, InvalidSelector, FunctionNotFound and KubernetesForbidden are not retried, as another
 * attempt cannot change them.
 */
public final class HookRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);
    /** Reasons another attempt cannot change (a template or RBAC problem): reported at once, not retried. */
    private static final Set<String> PERMANENT_REASONS = Set.of(Reasons.INVALID_ACTION, Reasons.EXECUTOR_NOT_SUPPORTED,
            Reasons.INVALID_SELECTOR, Reasons.FUNCTION_NOT_FOUND, Reasons.KUBERNETES_FORBIDDEN,
            Reasons.EXEC_NOT_ALLOWED, Reasons.TARGET_NOT_ALLOWED);
    /** Beyond its timeout and kill grace period, how long an attempt may take before it counts as lost. */
    private static final Duration LOST_ATTEMPT_MARGIN = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Map<ExecutorType, ActionExecutor> executors;
    private final ExecutorOptions options;
    private final RetryBackoff backoff;

    /** A runner over the given executors; {@link #close()} closes each of them once. */
    public HookRunner(Vertx vertx, Map<ExecutorType, ActionExecutor> executors, ExecutorOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.executors = executors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(executors));
        this.backoff = new RetryBackoff(options.retryBackoffInitial(), options.retryBackoffMax());
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
     * Runs {@code execution} with its retries. A null timeout means {@link ExecutorOptions#DEFAULT_ATTEMPT_TIMEOUT}.
     *
     * @return the report of the last attempt; never a failed future
     */
    public Future<ExecutionReport> run(Execution execution) {
        Instant startedAt = Instant.now();
        Future<ExecutionReport> report;
        try {
            report = Contexts.onContext(vertx, () -> start(withTimeout(execution), startedAt));
        } catch (RuntimeException e) {
            report = Future.failedFuture(e);
        }
        return report.recover(fault -> {
            LOG.warn("hook runner fault runId={} hookId={}", runId(execution), hookId(execution), fault);
            return Future.succeededFuture(new ExecutionReport(HookStatus.Failed, Reasons.WORKER_ERROR,
                    workerErrorMessage(fault), 1, startedAt, Instant.now(), List.of()));
        });
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

    private Future<ExecutionReport> start(Execution execution, Instant startedAt) {
        if (execution.executor() == null) {
            return Future.succeededFuture(new ExecutionReport(HookStatus.Failed, Reasons.INVALID_ACTION,
                    "executor is missing: the hook's template needs spec.executor with type Operator, Pod or"
                            + " Function", 1, startedAt, Instant.now(), List.of()));
        }
        ExecutorType type = execution.executor().type();
        ActionExecutor executor = type == null ? null : executors.get(type);
        if (executor == null) {
            return Future.succeededFuture(new ExecutionReport(HookStatus.Failed, Reasons.EXECUTOR_NOT_SUPPORTED,
                    "executor.type " + type + " is not supported by this worker: use one of " + executors.keySet(),
                    1, startedAt, Instant.now(), List.of()));
        }
        Promise<ExecutionReport> report = Promise.promise();
        attempt(execution, executor, 1, startedAt, report);
        return report.future();
    }

    private void attempt(Execution execution, ActionExecutor executor, int number, Instant startedAt,
                         Promise<ExecutionReport> report) {
        long began = System.nanoTime();
        guarded(executor, execution).onComplete(done -> {
            try {
                AttemptResult result = done.succeeded() && done.result() != null ? done.result()
                        : workerError(execution, done.succeeded() ? new NullPointerException("no attempt result")
                        : done.cause());
                long attempts = 1L + Math.max(0, execution.maxRetry());
                logAttempt(execution, number, attempts, result, Duration.ofNanos(System.nanoTime() - began));
                if (!result.succeeded() && number < attempts && !PERMANENT_REASONS.contains(result.reason())) {
                    vertx.setTimer(backoff.delayMillis(number),
                            id -> attempt(execution, executor, number + 1, startedAt, report));
                } else {
                    report.tryComplete(new ExecutionReport(result.status(), result.reason(), result.message(), number,
                            startedAt, Instant.now(), result.targets()));
                }
            } catch (RuntimeException e) {
                report.tryComplete(new ExecutionReport(HookStatus.Failed, Reasons.WORKER_ERROR, workerErrorMessage(e),
                        number, startedAt, Instant.now(), List.of()));
            }
        });
    }

    /** The executor's attempt, turned into a failed future if it throws and bounded in case it never ends. */
    private Future<AttemptResult> guarded(ActionExecutor executor, Execution execution) {
        Promise<AttemptResult> result = Promise.promise();
        Duration timeout = execution.timeout().isNegative() ? Duration.ZERO : execution.timeout();
        Duration limit = timeout.plus(options.killGracePeriod()).plus(LOST_ATTEMPT_MARGIN);
        long timer = vertx.setTimer(limit.toMillis(), id -> result.tryFail(new IllegalStateException(
                "the " + execution.executor().type() + " executor did not finish an attempt within " + limit)));
        Future<AttemptResult> attempt;
        try {
            attempt = executor.attempt(execution);
        } catch (RuntimeException e) {
            attempt = Future.failedFuture(e);
        }
        (attempt == null ? Future.<AttemptResult>failedFuture(new NullPointerException("no attempt future"))
                : attempt).onComplete(done -> {
                    vertx.cancelTimer(timer);
                    if (done.succeeded()) {
                        result.tryComplete(done.result());
                    } else {
                        result.tryFail(done.cause());
                    }
                });
        return result.future();
    }

    private static AttemptResult workerError(Execution execution, Throwable fault) {
        LOG.warn("executor fault runId={} hookId={}", execution.runId(), execution.hookId(), fault);
        return new AttemptResult(HookStatus.Failed, Reasons.WORKER_ERROR, workerErrorMessage(fault), List.of());
    }

    private static String workerErrorMessage(Throwable fault) {
        return "the worker failed to run the hook (" + fault.getClass().getSimpleName()
                + (fault.getMessage() == null ? "" : ": " + fault.getMessage())
                + "); this is a worker fault, see the worker's log";
    }

    private static void logAttempt(Execution execution, int number, long attempts, AttemptResult result,
                                   Duration took) {
        LOG.info("hook attempt runId={} hookId={} hookName={} attempt={}/{} actions={} status={} reason={}"
                        + " durationMs={}", execution.runId(), execution.hookId(), execution.hookName(), number,
                attempts, actionKinds(execution.action()), result.status(), result.reason(), took.toMillis());
    }

    private static String actionKinds(HookAction action) {
        if (action == null) {
            return "none";
        }
        StringJoiner kinds = new StringJoiner(",");
        if (action.exec() != null) {
            kinds.add("exec");
        }
        if (action.httpGet() != null) {
            kinds.add("httpGet");
        }
        if (action.httpPost() != null) {
            kinds.add("httpPost");
        }
        if (action.tcpSocket() != null) {
            kinds.add("tcpSocket");
        }
        return kinds.length() == 0 ? "none" : kinds.toString();
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
