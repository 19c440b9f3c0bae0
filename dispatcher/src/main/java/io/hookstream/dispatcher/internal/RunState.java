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
import io.hookstream.schemas.template.HookAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The state of one run, touched only by the dispatcher's consuming thread: the planned hooks, where the run is,
 * each hook's outcome so far, and the cancel it received, if any. A hook's outcome carries its detail for the run
 * view: executor, masked action, when it was dispatched, started and finished, its attempts and its targets, these
 * bounded by {@link ViewTargets} (the view is rewritten to the state topic at each hook's completion).
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
    /** Characters of output tails the view holds, across its hooks (see {@link ViewTargets}). */
    private int outputChars;

    private RunState(
            String runId,
            Phase phase,
            SessionSummary session,
            List<PlannedHook> hooks,
            Instant acceptedAt,
            Function<PlannedHook, HookAction> shownAction) {
        this(runId, phase, session, hooks, acceptedAt, hooks.size(), shownAction);
    }

    private RunState(
            String runId,
            Phase phase,
            SessionSummary session,
            List<PlannedHook> hooks,
            Instant acceptedAt,
            int hookCount,
            Function<PlannedHook, HookAction> shownAction) {
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
                    null,
                    hook.executor() == null ? null : hook.executor().type(),
                    shownAction.apply(hook),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /** An accepted run whose view shows no action (a placeholder of the HTTP API: nothing masked it). */
    static RunState accepted(String runId, Phase phase, SessionSummary session, List<PlannedHook> hooks, Instant now) {
        return accepted(runId, phase, session, hooks, now, hook -> null);
    }

    /** @param shownAction the action the view shows of a hook: its rendered action with secret values masked */
    static RunState accepted(
            String runId,
            Phase phase,
            SessionSummary session,
            List<PlannedHook> hooks,
            Instant now,
            Function<PlannedHook, HookAction> shownAction) {
        return new RunState(runId, phase, session, hooks, now, shownAction);
    }

    static RunState rejected(String runId, Phase phase, SessionSummary session, List<Problem> problems, Instant now) {
        RunState state = new RunState(runId, phase, session, List.of(), now, hook -> null);
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

    /** The hook was sent to the workers at {@code now} (the dispatcher's clock). */
    void markDispatched(PlannedHook hook, Instant now) {
        HookOutcome o = outcomes[hook.index()];
        outcomes[hook.index()] = new HookOutcome(
                o.index(),
                o.name(),
                o.hookId(),
                o.template(),
                HookStatus.Running,
                null,
                null,
                o.attempts(),
                o.durationMs(),
                o.executor(),
                o.action(),
                now,
                o.startedAt(),
                o.finishedAt(),
                o.history(),
                o.omittedAttempts(),
                o.targets(),
                o.omittedTargets());
    }

    /** The hook will not run: decided at {@code now}, its {@code finishedAt} (it has no start). */
    void markSkipped(PlannedHook hook, String skipReason, String skipMessage, Instant now) {
        HookOutcome o = outcomes[hook.index()];
        outcomes[hook.index()] = new HookOutcome(
                o.index(),
                o.name(),
                o.hookId(),
                o.template(),
                HookStatus.Skipped,
                skipReason,
                skipMessage,
                o.attempts(),
                o.durationMs(),
                o.executor(),
                o.action(),
                o.dispatchedAt(),
                null,
                now,
                null,
                null,
                null,
                null);
        next = hook.index() + 1;
    }

    /**
     * The hook's result, with its attempts and targets (at most {@link HookOutcome#MAX_TARGETS}, their output tails
     * within what is left of the run's {@link ViewTargets#OUTPUT_BUDGET_CHARS}). A result of no attempt (refused,
     * or the deadline's) has no start.
     */
    void recordResult(HookResult result) {
        HookOutcome o = outcomes[result.hookIndex()];
        ViewTargets.Kept kept = ViewTargets.keep(result.targets(), ViewTargets.OUTPUT_BUDGET_CHARS - outputChars);
        outputChars += kept.outputChars();
        outcomes[result.hookIndex()] = new HookOutcome(
                result.hookIndex(),
                result.hookName(),
                result.hookId(),
                o.template(),
                result.status(),
                result.reason(),
                result.message(),
                result.attempts(),
                result.durationMs(),
                result.executorType() != null ? result.executorType() : o.executor(),
                o.action(),
                o.dispatchedAt(),
                result.attempts() > 0 ? result.startedAt() : null,
                result.finishedAt(),
                result.history(),
                result.omittedAttempts(),
                kept.targets(),
                kept.omitted());
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
     * messages, actions, attempts and targets): for when an output of this run was too large to write, and this one must fit.
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
                        h.durationMs(),
                        h.executor(),
                        null,
                        h.dispatchedAt(),
                        h.startedAt(),
                        h.finishedAt(),
                        null,
                        null,
                        null,
                        null))
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
                Math.max(plan.size(), view.hooks() == null ? 0 : view.hooks().size()),
                hook -> null);
        for (HookOutcome hook : view.hooks() == null ? List.<HookOutcome>of() : view.hooks()) {
            if (hook.index() >= 0 && hook.index() < state.outcomes.length) {
                state.outcomes[hook.index()] = hook;
                state.outputChars += ViewTargets.outputChars(hook.targets());
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
}
