package io.hookstream.worker.executor;

import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.AttemptRecord;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.worker.executor.internal.RetryBackoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hook from its first attempt to its report, with retries and abort. Its state is touched on its one
 * Vert.x context only; {@link #abort} may be called from anywhere and hops there.
 */
final class HookRun implements RunningHook {

    private static final Logger LOG = LoggerFactory.getLogger(HookRun.class);
    /** Reasons another attempt cannot change (a template or RBAC problem): reported at once, not retried. */
    private static final Set<String> PERMANENT_REASONS = Set.of(
            Reasons.INVALID_ACTION,
            Reasons.EXECUTOR_NOT_SUPPORTED,
            Reasons.INVALID_SELECTOR,
            Reasons.FUNCTION_NOT_FOUND,
            Reasons.KUBERNETES_FORBIDDEN,
            Reasons.EXEC_NOT_ALLOWED,
            Reasons.TARGET_NOT_ALLOWED);

    private final Vertx vertx;
    private final Context context;
    private final Execution execution;
    private final ActionExecutor executor;
    private final RetryBackoff backoff;
    /** Beyond its timeout, how long an attempt may take before it counts as lost. */
    private final Duration lostAfter;

    private final Instant startedAt;
    private final AbortSignal signal = new AbortSignal();
    private final Promise<ExecutionReport> report = Promise.promise();

    /** The executor's own future of the attempt under way, or of the last one. */
    private Future<AttemptResult> current;

    private AttemptResult last;
    private int number;
    /** When the attempt under way (or the last one) started: wall clock for its record, nanos for its duration. */
    private Instant attemptStartedAt;

    private long attemptBegan;
    private final AttemptLog history = new AttemptLog();
    private long backoffTimer = -1;
    private Future<Void> aborting;

    /**
     * @param executor  null when the execution names no executor this runner has (the report says which)
     * @param lostAfter beyond its timeout, how long an attempt may take before it counts as lost
     */
    HookRun(
            Vertx vertx,
            Context context,
            Execution execution,
            ActionExecutor executor,
            RetryBackoff backoff,
            Duration lostAfter,
            Instant startedAt) {
        this.vertx = vertx;
        this.context = context;
        this.execution = execution;
        this.executor = executor;
        this.backoff = backoff;
        this.lostAfter = lostAfter;
        this.startedAt = startedAt;
    }

    /** Makes the first attempt, on the run's context. */
    void begin() {
        onContext(() -> attempt(1));
    }

    /** Ends the run at once with {@code early} (nothing ran). */
    void finishEarly(ExecutionReport early) {
        report.tryComplete(early);
    }

    @Override
    public Future<ExecutionReport> report() {
        return report.future();
    }

    @Override
    public Future<Void> abort(String reason, String message) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must be a reason code such as LeaseLost");
        }
        Promise<Void> done = Promise.promise();
        onContext(() -> abortHere(reason, message).onComplete(done));
        return done.future();
    }

    private Future<Void> abortHere(String reason, String message) {
        if (aborting != null) {
            return aborting;
        }
        boolean running = current != null && !current.isComplete();
        if (report.future().isComplete() && !running) {
            return Future.succeededFuture();
        }
        signal.abort(reason, message);
        if (running) {
            // the executor completes its future once the action has stopped, a failed one too
            aborting = current.transform(done -> {
                if (done.failed()) {
                    LOG.warn(
                            "executor fault while aborting runId={} hookId={}",
                            execution.runId(),
                            execution.hookId(),
                            done.cause());
                }
                finishAborted(done.succeeded() ? done.result() : null, true);
                return Future.<Void>succeededFuture();
            });
        } else {
            if (backoffTimer != -1) {
                vertx.cancelTimer(backoffTimer);
                backoffTimer = -1;
            }
            // between attempts (backoff), or an attempt that has just ended and is not yet reported
            finishAborted(current != null && current.succeeded() ? current.result() : null, false);
            aborting = Future.succeededFuture();
        }
        return aborting;
    }

    /** @param stoppedRunning the abort stopped an attempt under way (else it came between attempts, or before) */
    private void finishAborted(AttemptResult stopped, boolean stoppedRunning) {
        AttemptResult shown = stopped != null ? stopped : last;
        String message = signal.message();
        if (stopped != null && signal.reason().equals(stopped.reason()) && stopped.message() != null) {
            // what the executor stopped: its message starts with the abort's, unless it merged several targets
            message = stopped.message().startsWith(message) ? stopped.message() : message + "; " + stopped.message();
        }
        // a cancelled hook is Cancelled; one stopped for another reason (its lease, a shutdown) is Failed
        HookStatus status = Reasons.CANCELLED.equals(signal.reason()) ? HookStatus.Cancelled : HookStatus.Failed;
        if (!report.future().isComplete()) {
            recordAborted(stopped, stoppedRunning, status);
        }
        if (report.tryComplete(new ExecutionReport(
                status,
                signal.reason(),
                message,
                number,
                startedAt,
                Instant.now(),
                shown == null ? List.of() : shown.targets(),
                history.attempts(),
                history.omitted()))) {
            LOG.info(
                    "hook aborted runId={} hookId={} hookName={} attempt={} reason={}",
                    execution.runId(),
                    execution.hookId(),
                    execution.hookName(),
                    number,
                    signal.reason());
        }
    }

    /**
     * The attempt the abort ended in the history: one it stopped as the hook's status with the abort's reason, one
     * that had just ended (not recorded yet) as what it came to; between attempts, the last one has no next.
     */
    private void recordAborted(AttemptResult stopped, boolean stoppedRunning, HookStatus status) {
        if (number == 0 || history.lastNumber() == number) {
            history.backoffAfterLast(null); // aborted in its backoff: no attempt came after it
            return;
        }
        boolean ended = !stoppedRunning && stopped != null;
        history.add(
                attemptRecord(number, ended ? stopped.status() : status, ended ? stopped.reason() : signal.reason()));
    }

    private AttemptRecord attemptRecord(int attemptNumber, HookStatus status, String reason) {
        long tookMillis = (System.nanoTime() - attemptBegan) / 1_000_000;
        return new AttemptRecord(attemptNumber, attemptStartedAt, tookMillis, status, reason, null);
    }

    private void attempt(int attemptNumber) {
        if (signal.aborted()) {
            finishAborted(null, false);
            return;
        }
        number = attemptNumber;
        long began = System.nanoTime();
        attemptBegan = began;
        attemptStartedAt = Instant.now();
        Future<AttemptResult> attempt;
        try {
            attempt = executor.attempt(execution, signal);
        } catch (RuntimeException e) {
            attempt = Future.failedFuture(e);
        }
        current = attempt == null ? Future.failedFuture(new NullPointerException("no attempt future")) : attempt;
        bounded(current).onComplete(done -> {
            if (signal.aborted()) {
                return; // the abort ends the report once the action has stopped
            }
            try {
                onAttempt(attemptNumber, done.succeeded() ? done.result() : null, done.cause(), began);
            } catch (RuntimeException e) {
                if (history.lastNumber() != attemptNumber) {
                    history.add(attemptRecord(attemptNumber, HookStatus.Failed, Reasons.WORKER_ERROR));
                }
                report.tryComplete(new ExecutionReport(
                        HookStatus.Failed,
                        Reasons.WORKER_ERROR,
                        HookRunner.workerErrorMessage(e),
                        attemptNumber,
                        startedAt,
                        Instant.now(),
                        List.of(),
                        history.attempts(),
                        history.omitted()));
            }
        });
    }

    private void onAttempt(int attemptNumber, AttemptResult outcome, Throwable fault, long began) {
        AttemptResult result = outcome != null
                ? outcome
                : workerError(fault != null ? fault : new NullPointerException("no attempt result"));
        last = result;
        long attempts = 1L + Math.max(0, execution.maxRetry());
        long took = System.nanoTime() - began;
        history.add(new AttemptRecord(
                attemptNumber, attemptStartedAt, took / 1_000_000, result.status(), result.reason(), null));
        logAttempt(attemptNumber, attempts, result, Duration.ofNanos(took));
        boolean lost = fault instanceof LostAttemptException;
        String message = result.message();
        if (!result.succeeded() && !lost && attemptNumber < attempts && !PERMANENT_REASONS.contains(result.reason())) {
            long delay = backoff.delayMillis(attemptNumber);
            String late = pastDeadline(Instant.now(), delay, execution.timeout(), execution.deadline());
            if (late == null) {
                history.backoffAfterLast(delay);
                backoffTimer = vertx.setTimer(delay, id -> {
                    backoffTimer = -1;
                    attempt(attemptNumber + 1);
                });
                return;
            }
            LOG.info(
                    "hook not retried runId={} hookId={} hookName={} attempt={}/{}: {}",
                    execution.runId(),
                    execution.hookId(),
                    execution.hookName(),
                    attemptNumber,
                    attempts,
                    late);
            message = message == null ? "not retried: " + late : message + "; not retried: " + late;
        }
        report.tryComplete(new ExecutionReport(
                result.status(),
                result.reason(),
                message,
                attemptNumber,
                startedAt,
                Instant.now(),
                result.targets(),
                history.attempts(),
                history.omitted()));
    }

    /**
     * Why a retry after {@code delayMillis} of backoff, taking up to {@code timeout}, would end after the hook's
     * {@code deadline} (when its result is due), or null when it would not (or there is no deadline).
     */
    static String pastDeadline(Instant now, long delayMillis, Duration timeout, Instant deadline) {
        if (deadline == null) {
            return null;
        }
        Instant end = now.plusMillis(delayMillis).plus(timeout.isNegative() ? Duration.ZERO : timeout);
        if (!end.isAfter(deadline)) {
            return null;
        }
        return "the next attempt (after " + GoDuration.format(Duration.ofMillis(delayMillis)) + " of backoff, with"
                + " its timeout " + GoDuration.format(timeout) + ") could not end by the hook's deadline " + deadline
                + ", when the dispatcher expects its result";
    }

    /**
     * The attempt, failed with a {@link LostAttemptException} if it never ends. A lost attempt is not retried: its
     * action may still be running, and two attempts of one hook must not overlap.
     */
    private Future<AttemptResult> bounded(Future<AttemptResult> attempt) {
        Promise<AttemptResult> result = Promise.promise();
        Duration timeout = execution.timeout().isNegative() ? Duration.ZERO : execution.timeout();
        Duration limit = timeout.plus(lostAfter);
        long timer = vertx.setTimer(
                limit.toMillis(),
                id -> result.tryFail(new LostAttemptException(
                        "the " + execution.executor().type() + " executor did not finish an attempt within " + limit
                                + "; the hook is not retried, as its action may still be running")));
        attempt.onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                result.tryComplete(done.result());
            } else {
                result.tryFail(done.cause());
            }
        });
        return result.future();
    }

    private AttemptResult workerError(Throwable fault) {
        LOG.warn("executor fault runId={} hookId={}", execution.runId(), execution.hookId(), fault);
        return new AttemptResult(
                HookStatus.Failed, Reasons.WORKER_ERROR, HookRunner.workerErrorMessage(fault), List.of());
    }

    private void logAttempt(int attemptNumber, long attempts, AttemptResult result, Duration took) {
        LOG.info(
                "hook attempt runId={} hookId={} hookName={} attempt={}/{} actions={} status={} reason={}"
                        + " durationMs={}",
                execution.runId(),
                execution.hookId(),
                execution.hookName(),
                attemptNumber,
                attempts,
                actionKinds(execution.action()),
                result.status(),
                result.reason(),
                took.toMillis());
    }

    private void onContext(Runnable body) {
        if (Vertx.currentContext() == context) {
            body.run();
        } else {
            context.runOnContext(ignored -> body.run());
        }
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

    /** An attempt that did not end within its timeout, kill grace period and a margin. */
    private static final class LostAttemptException extends IllegalStateException {
        LostAttemptException(String message) {
            super(message);
        }
    }
}
