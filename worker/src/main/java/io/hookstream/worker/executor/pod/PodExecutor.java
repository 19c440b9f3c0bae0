package io.hookstream.worker.executor.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookAction;
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
import io.hookstream.worker.executor.internal.TargetRun;
import io.hookstream.worker.executor.pod.internal.InvalidSelectorException;
import io.hookstream.worker.executor.pod.internal.NoPodMessage;
import io.hookstream.worker.executor.pod.internal.OwnerMatcher;
import io.hookstream.worker.executor.pod.internal.PodFinder;
import io.hookstream.worker.executor.pod.internal.PodReadiness;
import io.hookstream.worker.executor.pod.internal.PodSelection;
import io.hookstream.worker.executor.pod.internal.PodSteps;
import io.hookstream.worker.executor.pod.internal.PodWait;
import io.hookstream.worker.executor.pod.internal.Selector;
import io.hookstream.worker.executor.pod.internal.SelectorParser;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Waiting: when the pods are not ready yet (ExecuteOnOne: none is; ExecuteOnAll: none is, or a matching pod
 * that may still become ready is not), the hook waits for them with a {@link PodWait} (an informer on the pods,
 * no polling) for {@code executor.pod.waitTimeout} (default {@value PodHookExecutorSpec#DEFAULT_WAIT_TIMEOUT}),
 * at most until the hook's timeout; then it fails with NoPodMatched, naming the pods seen and why each is not
 * ready. {@code waitTimeout: 0s} does not wait: no ready pod fails at once, and ExecuteOnAll runs on the pods
 * ready at that moment.
 *
 * <p>Per pod the actions run in the order exec, httpGet, httpPost, tcpSocket, stopping at the first failure;
 * exec goes through the Kubernetes exec API (see {@code PodExecStep} for what a timeout does to the remote
 * command: the stream is closed, the command is not killed); HTTP and TCP default their host to the pod IP and
 * resolve a named port against the container's ports. {@link Execution#timeout()} bounds the whole attempt,
 * finding and waiting for the pods included. An abort during the wait ends it (nothing ran); an abort ends the attempt once every pod's exec stream is closed and its HTTP and
 * TCP probes are abandoned (their connections closed); the commands in the pods cannot be stopped that way.
 * Every Kubernetes call runs on the bounded worker pool {@value #POOL_NAME}.
 */
public final class PodExecutor implements ActionExecutor {

    /** Name of the shared worker pool every Kubernetes call of this executor runs on. */
    public static final String POOL_NAME = "hookstream-k8s";

    private static final String TARGET_PREFIX = "pod/";
    private static final Logger LOG = LoggerFactory.getLogger(PodExecutor.class);

    private final Vertx vertx;
    private final WorkerExecutor pool;
    private final KubernetesClient client;
    private final PodFinder finder;
    private final PodSteps steps;
    private final Set<PodWait> waits = ConcurrentHashMap.newKeySet();

    /**
     * @param client  the process's Kubernetes client, built once and shared; this executor does not close it
     * @param options {@code execPoolSize} sizes the {@value #POOL_NAME} pool (a thread is held while a call or
     *                an exec's connection is under way, not while the remote command runs); {@code maxOutputBytes}
     *                bounds the stdout and stderr tails
     */
    public PodExecutor(Vertx vertx, KubernetesClient client, ExecutorOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
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
            return failed(
                    Reasons.INVALID_ACTION,
                    "action is empty: set at least one of action.exec,"
                            + " action.httpGet, action.httpPost or action.tcpSocket");
        }
        String namespace =
                execution.session() == null ? null : execution.session().namespace();
        if (namespace == null || namespace.isBlank()) {
            return failed(
                    Reasons.INVALID_ACTION,
                    "session.namespace is missing: the Pod executor selects pods in"
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
        Duration waitTimeout;
        try {
            waitTimeout = spec.effectiveWaitTimeout();
        } catch (IllegalArgumentException e) {
            return failed(Reasons.INVALID_ACTION, e.getMessage());
        }
        Deadline deadline = Deadline.after(timeout);
        Hook hook = new Hook(
                execution, namespace, selector, spec, waitTimeout, deadline, Deadline.after(waitTimeout), abort);
        Future<PodSelection> found = pool.executeBlocking(
                () -> finder.find(namespace, selector, spec.owner(), action.containerName()), false);
        return bounded(found, deadline, abort).compose(selection -> {
            if (abort.aborted()) {
                return failed(
                        abort.reason(),
                        StepOutcome.aborted(
                                        abort,
                                        "stopped while finding the pods in" + " namespace " + namespace
                                                + "; nothing ran")
                                .message());
            }
            if (selection == null) {
                return failed(
                        HookStatus.TimedOut,
                        Reasons.DEADLINE_EXCEEDED,
                        "finding the pods in namespace "
                                + namespace + " did not finish within the " + deadline.describe()
                                + " timeout; check that"
                                + " the Kubernetes API server is reachable and responsive");
            }
            if (selection.failure() != null) {
                return failed(
                        selection.failure().status(),
                        selection.failure().reason(),
                        selection.failure().message());
            }
            if (waitTimeout.isZero() || selector.equalities() == null) {
                String noWait = waitTimeout.isZero()
                        ? "did not wait: executor.pod.waitTimeout is 0s"
                        : "did not wait: the selector wants one label to have two values, which no pod has";
                return selection.pods().isEmpty()
                        ? noPod(hook, selection, noWait)
                        : runOn(hook.targets(selection), execution, deadline, abort);
            }
            if (selection.enoughFor(hook.strategy())) {
                return runOn(hook.targets(selection), execution, deadline, abort);
            }
            return await(hook, selection);
        });
    }

    /** Waits for the pods with a {@link PodWait} until the wait timeout or the hook's, whichever comes first. */
    private Future<AttemptResult> await(Hook hook, PodSelection initial) {
        Selector selector = hook.selector;
        String containerName = hook.execution.action().containerName();
        OwnerMatcher matcher = finder.matcher(hook.namespace, hook.spec.owner());
        long limit = Math.min(hook.waitEnd.remainingMillis(), hook.deadline.remainingMillis());
        LOG.info(
                "runId={} hookId={} waits up to {} for its pods: executor.pod.selector '{}' in namespace {}: {}",
                hook.execution.runId(),
                hook.execution.hookId(),
                GoDuration.format(Duration.ofMillis(limit)),
                selector.text(),
                hook.namespace,
                NoPodMessage.counts(initial, containerName));
        PodWait wait = PodWait.start(
                vertx,
                vertx.getOrCreateContext(),
                pool,
                client,
                hook.namespace,
                selector.equalities(),
                cached -> PodFinder.select(cached, selector, matcher, hook.namespace, containerName),
                selection -> selection.enoughFor(hook.strategy()),
                initial,
                limit,
                hook.abort);
        waits.add(wait);
        return wait.result().compose(waited -> {
            waits.remove(wait);
            PodSelection selection = waited.selection();
            return switch (waited.end()) {
                case READY -> runOn(hook.targets(selection), hook.execution, hook.deadline, hook.abort);
                case LIMIT ->
                    noPod(
                            hook,
                            selection,
                            hook.waitTimeout.compareTo(hook.deadline.timeout()) < 0
                                    ? "waited " + GoDuration.format(hook.waitTimeout) + ", executor.pod.waitTimeout"
                                    : "waited " + hook.deadline.describe()
                                            + ", the hook's timeout, which ends the wait before"
                                            + " executor.pod.waitTimeout " + GoDuration.format(hook.waitTimeout)
                                            + " would");
                case ABORTED ->
                    failed(
                            hook.abort.reason(),
                            StepOutcome.aborted(
                                            hook.abort,
                                            "stopped while waiting" + " for the pods in namespace " + hook.namespace
                                                    + "; nothing ran")
                                    .message());
                case FAILED ->
                    failed(
                            selection.failure().status(),
                            selection.failure().reason(),
                            selection.failure().message());
                case CLOSED ->
                    failed(
                            Reasons.WORKER_ERROR,
                            "the worker's Pod executor was closed while the hook" + " waited for its pods in namespace "
                                    + hook.namespace + "; nothing ran");
            };
        });
    }

    private static Future<AttemptResult> noPod(Hook hook, PodSelection selection, String waited) {
        return failed(
                Reasons.NO_POD_MATCHED,
                NoPodMessage.of(
                        selection,
                        hook.selector,
                        hook.spec.owner(),
                        hook.namespace,
                        hook.execution.action().containerName(),
                        hook.strategy(),
                        waited));
    }

    /** One attempt's hook: what it selects, and its limits. */
    private record Hook(
            Execution execution,
            String namespace,
            Selector selector,
            PodHookExecutorSpec spec,
            Duration waitTimeout,
            Deadline deadline,
            Deadline waitEnd,
            AbortSignal abort) {

        PodHookExecutorStrategy strategy() {
            return spec.effectiveStrategy();
        }

        /** ExecuteOnAll: every pod that can run the hook; ExecuteOnOne: the first of them by name. */
        List<Pod> targets(PodSelection selection) {
            return strategy() == PodHookExecutorStrategy.ExecuteOnAll
                    ? selection.pods()
                    : selection.pods().subList(0, 1);
        }
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
            Container container = PodReadiness.targetContainer(
                            pod, execution.action().containerName())
                    .orElseThrow();
            try {
                runs.add(TargetRun.run(
                        name,
                        steps.plan(
                                execution.action(),
                                pod,
                                container,
                                execution.params(),
                                execution.runId(),
                                execution.hookName()),
                        deadline,
                        abort));
            } catch (InvalidActionException e) {
                runs.add(Future.succeededFuture(
                        TargetRun.notRun(name, StepOutcome.failed(Reasons.INVALID_ACTION, e.getMessage()))));
            }
        }
        return Future.all(runs).map(all -> Verdict.of(all.<TargetRun.Result>list()));
    }

    private static Future<AttemptResult> failed(String reason, String message) {
        return failed(HookStatus.Failed, reason, message);
    }

    private static Future<AttemptResult> failed(HookStatus status, String reason, String message) {
        return Future.succeededFuture(new AttemptResult(status, reason, message, List.of()));
    }

    /**
     * Ends the waits for pods under way (their hooks fail with WorkerError) and stops their informers, closes the
     * HTTP and TCP clients and releases the {@value #POOL_NAME} pool; the client stays open.
     */
    @Override
    public Future<Void> close() {
        List<PodWait> open = List.copyOf(waits);
        waits.clear();
        open.forEach(PodWait::close);
        List<Future<PodWait.Result>> ended = open.stream().map(PodWait::result).toList();
        return Future.join(ended)
                .transform(ignored -> Future.join(steps.close(), pool.close()))
                .mapEmpty();
    }
}
