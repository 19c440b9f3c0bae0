package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the dispatcher stops waiting for a hook's result. A dispatched hook is given its timeout once per attempt
 * and 30 s of retry backoff per retry - the deadline its hook event carries, by which a worker reports (it makes
 * no retry that could not end by then) - and the {@code result-grace}; a hook with no result by then gets a TimedOut
 * result with reason {@value Reasons#NO_RESULT} (a hook of a cancelled run is given at most
 * {@link #CANCEL_CONFIRMATION} and the grace from the cancel, then a Cancelled result). {@link RunBook#expire}
 * applies that result like a worker's, on the loop's thread, and writes it to the results topic with the run's
 * outcome and snapshot (a worker's result arriving later is then ignored, and a worker that reads the dispatcher's
 * result first does not run the hook). The loop calls it on its tick (about once a second), so the result is
 * committed in the loop's transaction together with the run's outcome and snapshot. Used on the loop's thread
 * only; each expired hook is handed out once.
 */
final class HookDeadlines {

    /**
     * The wait per retry granted to the workers' backoff (their default ceiling); a worker whose
     * {@code --retry-backoff} is longer makes fewer retries, as the hook event's deadline allows.
     */
    static final Duration BACKOFF_PER_RETRY = Duration.ofSeconds(30);
    /**
     * How long after a cancel the worker's Cancelled result is awaited: the worker stops the action first (an
     * exec's process tree gets 2 s between SIGTERM and SIGKILL) and a worker cut off from Kafka stops it by
     * itself when its claim runs out (30 s by default).
     */
    static final Duration CANCEL_CONFIRMATION = Duration.ofSeconds(45);

    /** What a TimedOut result needs, captured on the loop thread at dispatch (a RunState is the loop's alone). */
    record Pending(
            String runId,
            Phase phase,
            ObjectReference invoker,
            PlannedHook hook,
            int partition,
            Instant dispatchedAt,
            Instant deadline,
            boolean cancelled) {}

    /** A result handed out to apply, and what was awaited. */
    record Expired(HookResult result, Pending pending) {}

    private final Duration grace;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /**
     * No pending deadline is earlier than this (it may be earlier than the earliest: answered hooks are not taken
     * out of it), so {@link #expired} scans the pending hooks only once it has passed, not on every tick; each scan
     * sets it to the earliest deadline left. Null: nothing pending since the last scan.
     */
    private Instant noneBefore;

    HookDeadlines(Duration grace) {
        this.grace = grace;
    }

    /**
     * How long after dispatch the workers have to report {@code hook}'s result: its timeout per attempt and
     * {@link #BACKOFF_PER_RETRY} per retry. It travels in the hook event as its {@code deadline}, and a worker makes
     * no retry that could not end by then (its own backoff may be longer).
     */
    static Duration resultDue(PlannedHook hook) {
        return hook.timeout().multipliedBy(1L + hook.maxRetry()).plus(BACKOFF_PER_RETRY.multipliedBy(hook.maxRetry()));
    }

    /** How long after dispatch a result of {@code hook} is awaited: the hook event's deadline and the grace. */
    Duration budget(PlannedHook hook) {
        return resultDue(hook).plus(grace);
    }

    /** Called on the loop thread when {@code hook} of {@code run} is dispatched (or its run restored). */
    void dispatched(RunState run, PlannedHook hook, int partition, Instant now) {
        Instant deadline = now.plus(budget(hook));
        boolean cancelled = run.cancellation() != null;
        if (cancelled) {
            deadline = earliest(deadline, now.plus(CANCEL_CONFIRMATION).plus(grace));
        }
        pending.put(
                run.hookId(hook.index()),
                new Pending(run.runId(), run.phase(), run.invoker(), hook, partition, now, deadline, cancelled));
        lowerBound(deadline);
    }

    private void lowerBound(Instant deadline) {
        if (noneBefore == null || deadline.isBefore(noneBefore)) {
            noneBefore = deadline;
        }
    }

    /** The run of {@code hookId} was cancelled at {@code now}: its result is awaited a short while only. */
    void cancelled(String hookId, Instant now) {
        Pending updated = pending.computeIfPresent(
                hookId,
                (id, p) -> new Pending(
                        p.runId(),
                        p.phase(),
                        p.invoker(),
                        p.hook(),
                        p.partition(),
                        p.dispatchedAt(),
                        earliest(p.deadline(), now.plus(CANCEL_CONFIRMATION).plus(grace)),
                        true));
        if (updated != null) {
            lowerBound(updated.deadline());
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    void answered(String hookId) {
        pending.remove(hookId);
    }

    void dropPartitions(Collection<Integer> partitions) {
        pending.values().removeIf(p -> partitions.contains(p.partition()));
    }

    /**
     * The results of the hooks past their deadline at {@code now} (TimedOut with reason NoResult, or Cancelled for a
     * hook of a cancelled run); each is handed out once.
     */
    List<Expired> expired(Instant now) {
        if (noneBefore == null || !now.isAfter(noneBefore)) {
            return List.of();
        }
        List<Expired> results = new ArrayList<>();
        Instant earliestLeft = null;
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
            Pending p = entry.getValue();
            if (now.isAfter(p.deadline()) && pending.remove(entry.getKey(), p)) {
                results.add(new Expired(resultOf(entry.getKey(), p, now), p));
            } else if (earliestLeft == null || p.deadline().isBefore(earliestLeft)) {
                earliestLeft = p.deadline();
            }
        }
        noneBefore = earliestLeft;
        return results;
    }

    private HookResult resultOf(String hookId, Pending p, Instant now) {
        String name = p.hook().name();
        HookStatus status = p.cancelled() ? HookStatus.Cancelled : HookStatus.TimedOut;
        String reason = p.cancelled() ? Reasons.CANCELLED : Reasons.NO_RESULT;
        String message = p.cancelled()
                ? "the run was cancelled and no worker confirmed within "
                        + GoDuration.format(CANCEL_CONFIRMATION.plus(grace)) + " that hook '" + name + "' stopped: a"
                        + " worker that runs it stops it when it reads the cancel, one cut off from Kafka stops it when"
                        + " its claim runs out, and one that reads the hook later does not start it"
                : "no worker reported a result of hook '" + name + "' within " + GoDuration.format(budget(p.hook()))
                        + " (its timeout per attempt, retry backoff and --result-grace): are workers running and"
                        + " consuming the hook topic of phase " + p.phase() + "? Check the worker group's lag and the"
                        + " dead-letter topic";
        return new HookResult(
                hookId,
                p.runId(),
                p.phase(),
                p.hook().index(),
                name,
                p.hook().template(),
                p.invoker(),
                p.hook().executor() == null ? null : p.hook().executor().type(),
                status,
                reason,
                message,
                0,
                p.dispatchedAt(),
                now,
                Duration.between(p.dispatchedAt(), now).toMillis(),
                List.of());
    }

    int size() {
        return pending.size();
    }
}
