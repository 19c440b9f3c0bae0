package io.hookstream.worker.executor;

import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.internal.Contexts;
import io.hookstream.worker.executor.internal.Deadline;
import io.hookstream.worker.executor.internal.InvalidActionException;
import io.hookstream.worker.executor.internal.ProcessSpawner;
import io.hookstream.worker.executor.internal.Step;
import io.hookstream.worker.executor.internal.StepFactory;
import io.hookstream.worker.executor.internal.StepOutcome;
import io.hookstream.worker.executor.internal.TargetRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code executor.type: Operator}: the worker process runs the hook itself. Every action that is set runs, in
 * the order exec, httpGet, httpPost, tcpSocket, stopping at the first failure; {@link Execution#timeout()}
 * bounds the whole attempt ({@link ExecutorOptions#DEFAULT_ATTEMPT_TIMEOUT} when it is null), and an abort stops
 * it (the action under way is stopped, no further one starts). The result has one target,
 * {@code operator/<host name>}, with the exec's exit code and output tails, the last HTTP status, and the error
 * that stopped the hook. Exec processes are started by the JVM's {@link ProcessSpawner}, so that on Linux they
 * cannot outlive the worker JVM.
 */
public final class OperatorExecutor implements ActionExecutor {

    private final Vertx vertx;
    private final StepFactory steps;
    private final String targetName;

    /** An executor that names its target after this host and passes the worker's PATH, HOME… to exec. */
    public OperatorExecutor(Vertx vertx, ExecutorOptions options) {
        this(vertx, options, "operator/" + localHostName(), System.getenv());
    }

    /**
     * @param targetName        the name of the one target of every result
     * @param workerEnvironment where the inherited variables of exec (PATH, HOME, LANG, LC_ALL, TZ, TMPDIR) come
     *                          from; nothing else of it reaches a hook; its PATH also resolves the programs
     *                          of {@code --exec-allow} and of every exec
     * @throws IllegalArgumentException when an {@code --exec-allow} entry names no executable file
     */
    public OperatorExecutor(
            Vertx vertx, ExecutorOptions options, String targetName, Map<String, String> workerEnvironment) {
        this(vertx, options, targetName, workerEnvironment, ProcessSpawner.shared());
    }

    /** As above, exec processes being started by {@code spawner} (tests: a spawner without the guard). */
    OperatorExecutor(
            Vertx vertx,
            ExecutorOptions options,
            String targetName,
            Map<String, String> workerEnvironment,
            ProcessSpawner spawner) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.targetName = Objects.requireNonNull(targetName, "targetName");
        this.steps = new StepFactory(
                vertx,
                options.execPoolSize(),
                options.maxOutputBytes(),
                options.killGracePeriod(),
                workerEnvironment,
                options.limits(),
                spawner);
    }

    @Override
    public Future<AttemptResult> attempt(Execution execution, AbortSignal abort) {
        return Contexts.onContext(vertx, () -> start(execution, abort));
    }

    private Future<AttemptResult> start(Execution execution, AbortSignal abort) {
        List<Step> plan;
        try {
            plan = steps.plan(execution.action(), execution.params(), execution.runId(), execution.hookName());
        } catch (InvalidActionException e) {
            return notRun(StepOutcome.failed(Reasons.INVALID_ACTION, e.getMessage()));
        }
        Duration timeout = execution.timeout() == null ? ExecutorOptions.DEFAULT_ATTEMPT_TIMEOUT : execution.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            return notRun(StepOutcome.failed(
                    Reasons.INVALID_ACTION, "timeout must be a positive duration such as" + " 30s, got " + timeout));
        }
        return TargetRun.runOnly(targetName, plan, Deadline.after(timeout), abort)
                .map(TargetRun.Result::alone);
    }

    private Future<AttemptResult> notRun(StepOutcome outcome) {
        return Future.succeededFuture(TargetRun.notRun(targetName, outcome).alone());
    }

    @Override
    public Future<Void> close() {
        return steps.close();
    }

    private static String localHostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
