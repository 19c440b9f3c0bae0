package io.hookstream.worker.executor.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.OwnerReference;
import io.hookstream.schemas.template.PodHookExecutorSpec;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.worker.executor.AbortSignal;
import io.hookstream.worker.executor.ActionExecutor;
import io.hookstream.worker.executor.AttemptResult;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutorOptions;
import io.hookstream.worker.executor.internal.Contexts;
import io.hookstream.worker.executor.internal.Deadline;
import io.hookstream.worker.executor.internal.InvalidActionException;
import io.hookstream.worker.executor.internal.StepOutcome;
import io.hookstream.worker.executor.pod.internal.InvalidSelectorException;
import io.hookstream.worker.executor.pod.internal.OwnerMatcher;
import io.hookstream.worker.executor.pod.internal.PodFinder;
import io.hookstream.worker.executor.pod.internal.PodReadiness;
import io.hookstream.worker.executor.pod.internal.PodSelection;
import io.hookstream.worker.executor.pod.internal.PodSteps;
import io.hookstream.worker.executor.pod.internal.Selector;
import io.hookstream.worker.executor.pod.internal.SelectorParser;
import io.hookstream.worker.executor.pod.internal.TargetRun;
import io.hookstream.worker.executor.pod.internal.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code executor.type: Pod}: runs the hook's action in or against pods of the invoker's namespace
 * ({@code session.namespace}).
 *
 * <p>Selection: the pods matching {@code executor.pod.selector} (kubectl {@code -l} syntax, set-based included),
 * owned as {@code executor.pod.owner} says (uid, else kind and name; a Deployment also owns its ReplicaSets'
 * pods), in phase Running, not being deleted, with the target container ready. The target container is the
 * action's {@code containerName}, else the pod's first container. {@code ExecuteOnOne} (the default) takes the
 * first of them by pod name, so the choice is deterministic; {@code ExecuteOnAll} runs on all of them at once and
 * succeeds only if every pod does, with one target {@code pod/<name>} per pod.
 *
 * <p>Per pod the actions run in the order exec, httpGet, httpPost, tcpSocket, stopping at the first failure;
 * exec goes through the Kubernetes exec API (see {@code PodExecStep} for what a timeout does to the remote
 * command: the stream is closed, the command is not killed); HTTP and TCP default their host to the pod IP and
 * resolve a named port against the container's ports. {@link Execution#timeout()} bounds the whole attempt,
 * finding the pods included. An abort ends the attempt once every pod's exec stream is closed and its HTTP and
 * TCP probes are abandoned (their connections closed); the commands in the pods cannot be stopped that way.
 * Every Kubernetes call runs on the bounded worker pool {@value #POOL_NAME}.
 */
public final class PodExecutor implements ActionExecutor {

    /** Name of the shared worker pool every Kubernetes call of this executor runs on. */
    public static final String POOL_NAME = "hookstream-k8s";
    private static final String TARGET_PREFIX = "pod/";

    private final Vertx vertx;
    private final WorkerExecutor pool;
    private final PodFinder finder;
    private final PodSteps steps;

    /**
     * @param client  the process's Kubernetes client, built once and shared; this executor does not close it
     * @param options {@code execPoolSize} sizes the {@value #POOL_NAME} pool (a thread is held while a call or
     *                an exec's connection is under way, not while the remote command runs); {@code maxOutputBytes}
     *                bounds the stdout and stderr tails
     */
    public PodExecutor(Vertx vertx, KubernetesClient client, ExecutorOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(client, "client");
        this.pool = vertx.createSharedWorkerExecutor(POOL_NAME, options.execPoolSize());
        this.finder = new PodFinder(client);
        this.steps = new PodSteps(vertx, pool, client, options.maxOutputBytes());
    }

    @Override
    public Future<AttemptResult> attempt(Execution execution, AbortSignal abort) {
        return Contexts.onContext(vertx, () -> start(execution, abort));
    }

    private Future<AttemptResult> start(Execution execution, AbortSignal abort) {
        HookAction action = execution.action();
        if (action == null || action.isEmpty()) {
            return failed(Reasons.INVALID_ACTION, "action is empty: set at least one of action.exec,"
                    + " action.httpGet, action.httpPost or action.tcpSocket");
        }
        String namespace = execution.session() == null ? null : execution.session().namespace();
        if (namespace == null || namespace.isBlank()) {
            return failed(Reasons.INVALID_ACTION, "session.namespace is missing: the Pod executor selects pods in"
                    + " the invoker's namespace, so the run request's session needs one");
        }
        Duration timeout = execution.timeout() == null ? ExecutorOptions.DEFAULT_ATTEMPT_TIMEOUT : execution.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            return failed(Reasons.INVALID_ACTION, "timeout must be a positive duration such as 30s, got " + timeout);
        }
        PodHookExecutorSpec spec = execution.executor().pod();
        Selector selector;
        try {
            selector = SelectorParser.parse(spec == null ? null : spec.selector());
        } catch (InvalidSelectorException e) {
            return failed(Reasons.INVALID_SELECTOR, e.getMessage());
        }
        Deadline deadline = Deadline.after(timeout);
        OwnerReference owner = spec.owner();
        Future<PodSelection> found = pool.executeBlocking(() -> finder.find(namespace, selector, owner,
                action.containerName()), false);
        return bounded(found, deadline, abort).compose(selection -> {
            if (abort.aborted()) {
                return failed(abort.reason(), StepOutcome.aborted(abort, "stopped while finding the pods in"
                        + " namespace " + namespace + "; nothing ran").message());
            }
            if (selection == null) {
                return failed(HookStatus.TimedOut, Reasons.DEADLINE_EXCEEDED, "finding the pods in namespace "
                        + namespace + " did not finish within the " + deadline.describe() + " timeout; check that"
                        + " the Kubernetes API server is reachable and responsive");
            }
            if (selection.failure() != null) {
                return failed(selection.failure().status(), selection.failure().reason(),
                        selection.failure().message());
            }
            if (selection.pods().isEmpty()) {
                return failed(Reasons.NO_POD_MATCHED, noPodMessage(selection, selector, owner, namespace,
                        action.containerName()));
            }
            List<Pod> targets = spec.effectiveStrategy() == PodHookExecutorStrategy.ExecuteOnAll
                    ? selection.pods() : selection.pods().subList(0, 1);
            return runOn(targets, execution, deadline, abort);
        });
    }

    /** The selection, or null once the deadline passes or the abort fires first (finding pods only reads). */
    private Future<PodSelection> bounded(Future<PodSelection> found, Deadline deadline, AbortSignal abort) {
        Context context = vertx.getOrCreateContext();
        Promise<PodSelection> bounded = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> bounded.tryComplete(null));
        abort.onAbort(() -> context.runOnContext(ignored -> {
            vertx.cancelTimer(timer);
            bounded.tryComplete(null);
        }));
        found.onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                bounded.tryComplete(done.result());
            } else {
                bounded.tryFail(done.cause());
            }
        });
        return bounded.future();
    }

    private Future<AttemptResult> runOn(List<Pod> pods, Execution execution, Deadline deadline, AbortSignal abort) {
        List<Future<TargetRun.Result>> runs = new ArrayList<>();
        for (Pod pod : pods) {
            String name = TARGET_PREFIX + pod.getMetadata().getName();
            Container container = PodReadiness.targetContainer(pod, execution.action().containerName()).orElseThrow();
            try {
                runs.add(TargetRun.run(name, steps.plan(execution.action(), pod, container, execution.params(),
                        execution.runId(), execution.hookName()), deadline, abort));
            } catch (InvalidActionException e) {
                runs.add(Future.succeededFuture(TargetRun.notRun(name,
                        StepOutcome.failed(Reasons.INVALID_ACTION, e.getMessage()))));
            }
        }
        return Future.all(runs).map(all -> Verdict.of(all.<TargetRun.Result>list()));
    }

    private static String noPodMessage(PodSelection selection, Selector selector, OwnerReference owner,
                                       String namespace, String containerName) {
        String selected = "executor.pod.selector '" + selector.text() + "'";
        if (selection.selected() == 0) {
            return selected + " matched no pod in namespace " + namespace + ": check the labels with kubectl get"
                    + " pods -n " + namespace + " -l '" + selector.text() + "'";
        }
        String found = selected + " found " + selection.selected() + " pod(s) in namespace " + namespace;
        if (owner != null && selection.owned() == 0) {
            return found + ", but none is owned by executor.pod.owner " + OwnerMatcher.describe(owner)
                    + ": check the owner's kind, name and uid";
        }
        String owned = owner == null ? "" : ", " + selection.owned() + " of them owned by executor.pod.owner "
                + OwnerMatcher.describe(owner);
        String container = containerName == null || containerName.isBlank() ? "its first container"
                : "container '" + containerName + "'";
        return found + owned + ", but " + selection.owned() + " of them were not Running with " + container
                + " ready (or are being deleted): wait for the pods to be ready, or give the hook a maxRetry";
    }

    private static Future<AttemptResult> failed(String reason, String message) {
        return failed(HookStatus.Failed, reason, message);
    }

    private static Future<AttemptResult> failed(HookStatus status, String reason, String message) {
        return Future.succeededFuture(new AttemptResult(status, reason, message, List.of()));
    }

    /** Closes the HTTP and TCP clients and releases the {@value #POOL_NAME} pool; the client stays open. */
    @Override
    public Future<Void> close() {
        return Future.join(steps.close(), pool.close()).mapEmpty();
    }
}
