package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one run, touched only by the dispatcher's consuming thread: the planned hooks, where the run is,
 * each hook's outcome so far, and the cancel it received, if any.
 */
final class RunState {

    private final String runId;
    private final Phase phase;
    private final SessionSummary session;
    private final List<PlannedHook> hooks;
    private final HookOutcome[] outcomes;
    private final Instant acceptedAt;
    private RunStatus status;
    private String reason;
    private String message;
    private List<Problem> problems;
    private Instant finishedAt;
    private CancelRequest cancellation;
    private int next;

    private RunState(String runId, Phase phase, SessionSummary session, List<PlannedHook> hooks, Instant acceptedAt) {
        this(runId, phase, session, hooks, acceptedAt, hooks.size());
    }

    private RunState(
            String runId,
            Phase phase,
            SessionSummary session,
            List<PlannedHook> hooks,
            Instant acceptedAt,
            int hookCount) {
        this.runId = runId;
        this.phase = phase;
        this.session = session;
        this.hooks = hooks;
        this.outcomes = new HookOutcome[hookCount];
        this.acceptedAt = acceptedAt;
        this.status = RunStatus.Running;
        for (PlannedHook hook : hooks) {
            outcomes[hook.index()] = new HookOutcome(
                    hook.index(),
                    hook.name(),
                    hookId(hook.index()),
                    hook.template(),
                    HookStatus.Pending,
                    null,
                    null,
                    null,
                    null);
        }
    }

    static RunState accepted(String runId, Phase phase, SessionSummary session, List<PlannedHook> hooks, Instant now) {
        return new RunState(runId, phase, session, hooks, now);
    }

    static RunState rejected(String runId, Phase phase, SessionSummary session, List<Problem> problems, Instant now) {
        RunState state = new RunState(runId, phase, session, List.of(), now);
        state.status = RunStatus.Rejected;
        state.problems = List.copyOf(problems);
        state.reason = problems.get(0).reason();
        state.message = problems.size() == 1
                ? problems.get(0).toString()
                : problems.get(0) + " (and " + (problems.size() - 1) + " more problems)";
        state.finishedAt = now;
        return state;
    }

    String runId() {
        return runId;
    }

    Phase phase() {
        return phase;
    }

    SessionSummary session() {
        return session;
    }

    RunStatus status() {
        return status;
    }

    boolean isTerminal() {
        return status.isTerminal();
    }

    Instant finishedAt() {
        return finishedAt;
    }

    /** The cancel this run received, or null. */
    CancelRequest cancellation() {
        return cancellation;
    }

    void cancelRequested(CancelRequest cancel) {
        cancellation = cancel;
    }

    int hookCount() {
        return hooks.size();
    }

    String hookId(int index) {
        return io.hookstream.schemas.event.HookEvent.hookIdOf(runId, index);
    }

    /** The next hook to run, or null when all are done. */
    PlannedHook nextHook() {
        return next < hooks.size() ? hooks.get(next) : null;
    }

    /** The hook that was dispatched and whose result is awaited, or null. */
    PlannedHook running() {
        PlannedHook hook = nextHook();
        return hook != null && outcomes[hook.index()].status() == HookStatus.Running ? hook : null;
    }

    void markDispatched(PlannedHook hook) {
        outcomes[hook.index()] = withStatus(outcomes[hook.index()], HookStatus.Running, null, null);
    }

    void markSkipped(PlannedHook hook, String skipReason, String skipMessage) {
        outcomes[hook.index()] = withStatus(outcomes[hook.index()], HookStatus.Skipped, skipReason, skipMessage);
        next = hook.index() + 1;
    }

    void recordResult(HookResult result) {
        outcomes[result.hookIndex()] = new HookOutcome(
                result.hookIndex(),
                result.hookName(),
                result.hookId(),
                outcomes[result.hookIndex()].template(),
                result.status(),
                result.reason(),
                result.message(),
                result.attempts(),
                result.durationMs());
        next = result.hookIndex() + 1;
    }

    /** Hooks from the next one on: none ran yet. */
    List<PlannedHook> remaining() {
        return next < hooks.size() ? hooks.subList(next, hooks.size()) : List.of();
    }

    /** Hooks after {@code index} that never ran. */
    List<PlannedHook> hooksAfter(int index) {
        return index + 1 < hooks.size() ? hooks.subList(index + 1, hooks.size()) : List.of();
    }

    void finish(RunStatus finalStatus, String finalReason, String finalMessage, Instant now) {
        status = finalStatus;
        reason = finalReason;
        message = finalMessage;
        finishedAt = now;
        next = hooks.size();
    }

    /** The session's invoker, in the session's namespace when it names none. */
    ObjectReference invoker() {
        ObjectReference invoker = session == null ? null : session.invoker();
        if (invoker != null && invoker.namespace() == null && session.namespace() != null) {
            invoker = new ObjectReference(invoker.apiGroup(), invoker.kind(), session.namespace(), invoker.name());
        }
        return invoker;
    }

    RunOutcome toOutcome() {
        ObjectReference invoker = invoker();
        List<HookOutcome> hookOutcomes = new ArrayList<>(List.of(outcomes));
        return new RunOutcome(
                runId,
                phase,
                session,
                invoker,
                status,
                reason,
                message,
                problems,
                hookOutcomes,
                acceptedAt,
                finishedAt,
                durationMs(),
                cancellation);
    }

    /**
     * The outcome without what came from the request or the workers in bulk (session, invoker, problems, the hooks'
     * messages): for when an output of this run was too large to write, and this one must fit.
     */
    RunOutcome toSmallOutcome() {
        List<HookOutcome> hookOutcomes = List.of(outcomes).stream()
                .map(h -> new HookOutcome(
                        h.index(),
                        h.name(),
                        h.hookId(),
                        h.template(),
                        h.status(),
                        h.reason(),
                        null,
                        h.attempts(),
                        h.durationMs()))
                .toList();
        return new RunOutcome(
                runId,
                phase,
                null,
                null,
                status,
                reason,
                message,
                null,
                hookOutcomes,
                acceptedAt,
                finishedAt,
                durationMs(),
                cancellation);
    }

    private Long durationMs() {
        return finishedAt == null
                ? null
                : Duration.between(acceptedAt, finishedAt).toMillis();
    }

    /** The snapshot of this run, whose view {@code view} (this run's {@link #toOutcome()}) is built already. */
    RunSnapshot toSnapshot(RunOutcome view) {
        return new RunSnapshot(view, hooks, next, null);
    }

    static RunState fromSnapshot(RunSnapshot snapshot) {
        RunOutcome view = snapshot.view();
        List<PlannedHook> plan = snapshot.plan() == null ? List.of() : snapshot.plan();
        // a finished run may be kept without its plan (RunBook.endTooLarge): its hooks' outcomes still count
        RunState state = new RunState(
                view.runId(),
                view.phase(),
                view.session(),
                plan,
                view.acceptedAt(),
                Math.max(plan.size(), view.hooks() == null ? 0 : view.hooks().size()));
        for (HookOutcome hook : view.hooks() == null ? List.<HookOutcome>of() : view.hooks()) {
            if (hook.index() >= 0 && hook.index() < state.outcomes.length) {
                state.outcomes[hook.index()] = hook;
            }
        }
        state.status = view.status();
        state.reason = view.reason();
        state.message = view.message();
        state.problems = view.problems();
        state.finishedAt = view.finishedAt();
        state.cancellation = view.cancellation();
        state.next = snapshot.next();
        return state;
    }

    private static HookOutcome withStatus(HookOutcome outcome, HookStatus status, String reason, String message) {
        return new HookOutcome(
                outcome.index(),
                outcome.name(),
                outcome.hookId(),
                outcome.template(),
                status,
                reason,
                message,
                outcome.attempts(),
                outcome.durationMs());
    }
}
