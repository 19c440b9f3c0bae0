package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.SessionPhase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.templates.catalog.CatalogSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of the partitions this dispatcher owns, and how they move: accept or reject a request, dispatch a
 * run's hooks one at a time in list order, apply executionPolicy, skip the rest once a hook fails or the run is
 * cancelled, finish with an outcome; end the wait for a hook whose result is overdue ({@link #expire}). Every
 * change returns its {@link Changes}: the records it causes, a snapshot of the run's state among them, which the
 * caller commits in one transaction with the consumed record (or the tick), and the run's view after it, which the
 * caller publishes once committed. Nothing is collected on the side. Touched only by the consumer's thread.
 */
final class RunBook {

    private static final Logger LOG = LoggerFactory.getLogger(RunBook.class);

    private final OutboundEvents out;
    private final RequestValidator validator;
    private final Supplier<CatalogSnapshot> catalog;
    private final Duration retention;
    private final SecretMasking masking;
    private final Map<String, RunState> runs = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    /** Cancels that arrived before their run's request, by run id; kept for the retention. */
    private final Map<String, CancelRequest> earlyCancels = new HashMap<>();

    private final HookDeadlines deadlines;
    private final Clock clock;

    RunBook(
            OutboundEvents out,
            RequestValidator validator,
            Supplier<CatalogSnapshot> catalog,
            Duration retention,
            SecretParams secretParams,
            HookDeadlines deadlines,
            Clock clock) {
        this.clock = clock;
        this.deadlines = deadlines;
        this.masking = new SecretMasking(secretParams);
        this.out = out;
        this.validator = validator;
        this.catalog = catalog;
        this.retention = retention;
    }

    /** Validates and starts a run of partition {@code partition}; a known run id changes nothing. */
    Changes submit(RunRequest request, int partition) {
        String runId = request.runId();
        RunState existing = runs.get(runId);
        if (existing != null) {
            LOG.info("runId={} repeated request ignored: the run is {}", runId, existing.status());
            return Changes.NONE;
        }
        RequestValidator.Validation validation = validator.validate(request, catalog.get());
        Instant now = clock.instant();
        if (!validation.accepted()) {
            return rejectNow(
                    runId,
                    request.phase(),
                    request.session(),
                    masking.problems(validation.problems(), request),
                    partition,
                    now);
        }
        RunState run =
                RunState.accepted(runId, request.phase(), request.session(), validation.plan(), now, masking::action);
        track(run, partition);
        LOG.info(
                "runId={} accepted: phase={} session={}/{} hooks={}",
                runId,
                request.phase(),
                request.session().namespace(),
                request.session().name(),
                validation.plan().stream().map(PlannedHook::name).toList());
        CancelRequest early = earlyCancels.remove(runId);
        if (early != null) {
            run.cancelRequested(early);
            return settled(run, cancelRest(run, null, null, now));
        }
        return settled(run, advance(run, now));
    }

    /** Rejects a request that could not be read as a run request. */
    Changes reject(String runId, Phase phase, SessionSummary session, Problem problem, int partition) {
        if (runs.containsKey(runId)) {
            return Changes.NONE;
        }
        return rejectNow(runId, phase, session, List.of(problem), partition, clock.instant());
    }

    /**
     * Cancels a run of partition {@code partition}: the hook awaited is told to stop (a cancel record for the
     * workers), and its result ends the run. A finished run or a second cancel changes nothing; a cancel of a run
     * id not known yet is kept (with a snapshot) so that the request, when it comes, ends Cancelled at once. A
     * cancel without a time is taken as requested now.
     */
    Changes cancel(CancelRequest received, int partition) {
        Instant now = clock.instant();
        CancelRequest cancel = received.requestedAt() == null ? received.at(now) : received;
        String runId = cancel.runId();
        RunState run = runs.get(runId);
        if (run == null) {
            if (earlyCancels.putIfAbsent(runId, cancel) != null) {
                return Changes.NONE;
            }
            partitionOf.put(runId, partition);
            LOG.info(
                    "runId={} cancel kept: no request of this run has arrived yet; it is cancelled when it does"
                            + " (within {})",
                    runId,
                    retention);
            return Changes.records(List.of(out.snapshot(runId, RunSnapshot.earlyCancel(cancel))));
        }
        if (run.isTerminal()) {
            LOG.info("runId={} cancel ignored: the run already finished {}", runId, run.status());
            return Changes.NONE;
        }
        if (run.cancellation() != null) {
            LOG.info("runId={} cancel ignored: the run is being cancelled already", runId);
            return Changes.NONE;
        }
        run.cancelRequested(cancel);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(out.cancel(cancel));
        PlannedHook awaited = run.running();
        if (awaited == null) {
            records.addAll(cancelRest(run, null, null, now));
        } else {
            deadlines.cancelled(run.hookId(awaited.index()), now);
            LOG.info("runId={} {}: stopping hook '{}'", runId, cancel.describe(), awaited.name());
        }
        return settled(run, records);
    }

    /**
     * Applies a hook result; results for unknown runs or hooks not awaited (a duplicate, or a worker's result
     * that came after the hook's deadline had been applied) change nothing.
     */
    Changes onResult(HookResult received) {
        return apply(received, clock.instant());
    }

    /**
     * Ends the wait for every hook past its deadline at {@code now}: the result the deadline gives (TimedOut with
     * reason {@value Reasons#NO_RESULT}, or Cancelled for a hook of a cancelled run, see {@link HookDeadlines}) is
     * applied like a worker's - the run fails, or is cancelled, with its outcome and snapshot - and is itself
     * written to the results topic, so that whoever reads results (a worker about to run the hook, a consumer of
     * results) sees it. Grouped by the partition that owns each run; each expired hook is handed out once.
     */
    Map<Integer, Changes> expire(Instant now) {
        Map<Integer, Changes> byPartition = new TreeMap<>();
        for (HookDeadlines.Expired expired : deadlines.expired(now)) {
            HookResult result = expired.result();
            Changes applied = apply(result, now);
            if (applied.isEmpty()) {
                continue; // not awaited any more: nothing to say
            }
            LOG.warn(
                    "runId={} hook={} no result within its deadline: recording {} ({})",
                    result.runId(),
                    result.hookName(),
                    result.status(),
                    result.reason());
            byPartition.merge(
                    expired.pending().partition(),
                    Changes.records(List.of(out.expiredResult(result))).plus(applied),
                    Changes::plus);
        }
        return byPartition;
    }

    private Changes apply(HookResult received, Instant now) {
        HookResult result = received;
        RunState run = runs.get(result.runId());
        if (run == null) {
            // a duplicate of a run completed longer ago than --run-retention; anything else means lost run state
            LOG.info(
                    "runId={} result for hook {} ignored: no such run here (ended longer ago than --run-retention,"
                            + " or never restored)",
                    result.runId(),
                    result.hookId());
            return Changes.NONE;
        }
        PlannedHook awaited = run.running();
        if (awaited == null
                || awaited.index() != result.hookIndex()
                || !run.hookId(awaited.index()).equals(result.hookId())) {
            LOG.debug("runId={} result for hook {} ignored: not awaited", result.runId(), result.hookId());
            return Changes.NONE;
        }
        result = masking.result(result, awaited.params());
        deadlines.answered(result.hookId());
        run.recordResult(result);
        LOG.info(
                "runId={} hook={} {}{} after {} attempt(s) in {} ms",
                run.runId(),
                result.hookName(),
                result.status(),
                result.reason() == null ? "" : " (" + result.reason() + ")",
                result.attempts(),
                result.durationMs());
        List<ProducerRecord<byte[], byte[]>> records;
        if (result.status().isFailure()) {
            records = failRun(run, awaited, result, now);
        } else if (run.cancellation() != null
                && (result.status() == HookStatus.Cancelled
                        || !run.hooksAfter(awaited.index()).isEmpty())) {
            records = cancelRest(run, awaited, result, now);
        } else {
            records = advance(run, now); // a cancel that came after the last hook had finished stops nothing
        }
        return settled(run, records);
    }

    /**
     * Ends run {@code runId} Failed with reason OutputTooLarge: the record that last changed it could not write its
     * outputs (one was larger than a Kafka record may be), so none of them was committed - no hook event, outcome
     * or snapshot of that change. Hooks not finished are Skipped (one this record dispatched was never sent),
     * its deadline is forgotten, and the returned outcome and snapshot replace what was lost. Both are small (no
     * session, problems or hook messages, which may be what was too large) and the snapshot has no plan (a finished
     * run needs none, and its rendered actions may be what was too large).
     */
    Changes endTooLarge(String runId, String problem) {
        RunState run = runs.get(runId);
        if (run == null) {
            return Changes.NONE;
        }
        Instant now = clock.instant();
        PlannedHook awaited = run.running();
        if (awaited != null) {
            deadlines.answered(run.hookId(awaited.index()));
        }
        String because = "the run ended: " + problem;
        for (PlannedHook hook : run.remaining()) {
            run.markSkipped(hook, Reasons.OUTPUT_TOO_LARGE, because, now);
        }
        run.finish(RunStatus.Failed, Reasons.OUTPUT_TOO_LARGE, problem, now);
        LOG.info("runId={} Failed: {}", runId, problem);
        RunOutcome small = run.toSmallOutcome();
        return Changes.of(
                List.of(out.outcome(small), out.snapshot(runId, new RunSnapshot(small, null, run.hookCount(), null))),
                partitionOf.getOrDefault(runId, -1),
                run.toOutcome());
    }

    /**
     * A run restored from the state topic when its partition was assigned: no records, and the view of the run
     * (none for a cancel whose request has not come, or a run older than the retention).
     */
    Changes restore(RunSnapshot snapshot, int partition) {
        if (snapshot.view() == null) {
            if (snapshot.earlyCancel() != null
                    && snapshot.earlyCancel().runId() != null
                    && !expired(snapshot.earlyCancel().requestedAt())) {
                earlyCancels.put(snapshot.earlyCancel().runId(), snapshot.earlyCancel());
                partitionOf.put(snapshot.earlyCancel().runId(), partition);
            }
            return Changes.NONE;
        }
        RunState run = RunState.fromSnapshot(snapshot);
        if (run.isTerminal()
                && run.finishedAt() != null
                && run.finishedAt().isBefore(clock.instant().minus(retention))) {
            return Changes.NONE;
        }
        track(run, partition);
        if (!run.isTerminal() && run.running() != null) {
            // its dispatch time is not kept: the wait starts again from now
            deadlines.dispatched(run, run.running(), partition, clock.instant());
        }
        return Changes.of(List.of(), partition, run.toOutcome());
    }

    /**
     * Forgets the runs of partitions this dispatcher no longer owns, with their early cancels and deadlines. Writes
     * and changes no view: returns nothing (the caller drops the partitions' views).
     */
    void drop(Collection<Integer> partitions) {
        runs.keySet().removeIf(id -> partitions.contains(partitionOf.get(id)));
        earlyCancels.keySet().removeIf(id -> partitions.contains(partitionOf.get(id)));
        deadlines.dropPartitions(partitions);
        retainPartitionsOfKnownRuns();
    }

    /**
     * Forgets completed runs, and cancels whose request never came, older than the retention. Writes and changes
     * no view: returns nothing (the caller sweeps its views with the same retention).
     */
    void sweep() {
        Instant cutoff = clock.instant().minus(retention);
        runs.values().removeIf(run -> run.isTerminal() && run.finishedAt().isBefore(cutoff));
        earlyCancels.values().removeIf(cancel -> expired(cancel.requestedAt()));
        retainPartitionsOfKnownRuns();
    }

    private void retainPartitionsOfKnownRuns() {
        partitionOf.keySet().removeIf(id -> !runs.containsKey(id) && !earlyCancels.containsKey(id));
    }

    private boolean expired(Instant at) {
        return at == null || at.isBefore(clock.instant().minus(retention));
    }

    /** A change of {@code run}: its records, a snapshot of its state after them, and its view. */
    private Changes settled(RunState run, List<ProducerRecord<byte[], byte[]>> records) {
        RunOutcome view = run.toOutcome();
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(records);
        all.add(out.snapshot(run.runId(), run.toSnapshot(view)));
        return Changes.of(all, partitionOf.getOrDefault(run.runId(), -1), view);
    }

    private void track(RunState run, int partition) {
        runs.put(run.runId(), run);
        partitionOf.put(run.runId(), partition);
    }

    private Changes rejectNow(
            String runId, Phase phase, SessionSummary session, List<Problem> problems, int partition, Instant now) {
        RunState run = RunState.rejected(runId, phase, session, problems, now);
        earlyCancels.remove(runId);
        track(run, partition);
        LOG.info("runId={} rejected: {}", runId, problems);
        return settled(run, List.of(out.outcome(run.toOutcome())));
    }

    private List<ProducerRecord<byte[], byte[]>> advance(RunState run, Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (PlannedHook hook = run.nextHook(); hook != null; hook = run.nextHook()) {
            if (policyAllows(hook.executionPolicy(), run.session())) {
                run.markDispatched(hook, now);
                records.add(out.hookEvent(run, hook, now));
                deadlines.dispatched(run, hook, partitionOf.get(run.runId()), now);
                LOG.info(
                        "runId={} hook={} dispatched ({} of {}, template {})",
                        run.runId(),
                        hook.name(),
                        hook.index() + 1,
                        run.hookCount(),
                        hook.template());
                return records;
            }
            String message = "executionPolicy " + hook.executionPolicy() + " and the session "
                    + run.session().status().phase();
            run.markSkipped(hook, Reasons.EXECUTION_POLICY, message, now);
            records.add(out.skipped(run, hook, Reasons.EXECUTION_POLICY, message, now));
            LOG.info("runId={} hook={} skipped: {}", run.runId(), hook.name(), message);
        }
        finish(run, RunStatus.Succeeded, null, null, now, records);
        return records;
    }

    private List<ProducerRecord<byte[], byte[]>> failRun(
            RunState run, PlannedHook failed, HookResult result, Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        String because = "hook '" + failed.name() + "' " + result.status();
        for (PlannedHook rest : run.hooksAfter(failed.index())) {
            run.markSkipped(rest, Reasons.PREVIOUS_HOOK_FAILED, because, now);
            records.add(out.skipped(run, rest, Reasons.PREVIOUS_HOOK_FAILED, because, now));
        }
        String message = because
                + (result.reason() == null ? "" : " (" + result.reason() + ")")
                + (result.message() == null ? "" : ": " + result.message());
        finish(run, RunStatus.Failed, Reasons.HOOK_FAILED, message, now, records);
        return records;
    }

    /**
     * Ends a cancelled run: the hooks after {@code stopped} (all, when null) are Skipped with reason Cancelled and
     * the run is Cancelled. {@code result} is the stopped hook's result (null when none was running).
     */
    private List<ProducerRecord<byte[], byte[]>> cancelRest(
            RunState run, PlannedHook stopped, HookResult result, Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        CancelRequest cancel = run.cancellation();
        String because = "not started: the run was " + cancel.describe();
        List<PlannedHook> rest = stopped == null ? run.remaining() : run.hooksAfter(stopped.index());
        for (PlannedHook hook : rest) {
            run.markSkipped(hook, Reasons.CANCELLED, because, now);
            records.add(out.skipped(run, hook, Reasons.CANCELLED, because, now));
        }
        StringBuilder message = new StringBuilder(cancel.describe());
        if (stopped != null && result != null) {
            message.append(
                    result.status() == HookStatus.Cancelled
                            ? "; hook '" + stopped.name() + "' was stopped"
                            : "; hook '" + stopped.name() + "' had finished " + result.status() + " first");
        }
        if (!rest.isEmpty()) {
            message.append("; ")
                    .append(rest.size())
                    .append(rest.size() == 1 ? " hook" : " hooks")
                    .append(" skipped");
        }
        finish(run, RunStatus.Cancelled, Reasons.CANCELLED, message.toString(), now, records);
        return records;
    }

    private void finish(
            RunState run,
            RunStatus status,
            String reason,
            String message,
            Instant now,
            List<ProducerRecord<byte[], byte[]>> records) {
        run.finish(status, reason, message, now);
        RunOutcome outcome = run.toOutcome();
        records.add(out.outcome(outcome));
        LOG.info(
                "runId={} {} in {} ms{}",
                run.runId(),
                status,
                outcome.durationMs(),
                message == null ? "" : ": " + message);
    }

    private static boolean policyAllows(ExecutionPolicy policy, SessionSummary session) {
        return switch (policy) {
            case Always -> true;
            case OnSuccess -> session.status().phase() == SessionPhase.Succeeded;
            case OnFailure -> session.status().phase() == SessionPhase.Failed;
        };
    }
}
