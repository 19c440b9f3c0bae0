package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.HookInfo;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.SessionPhase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.templates.catalog.CatalogSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of the partitions this dispatcher owns, and how they move: accept or reject a request, dispatch a
 * run's hooks one at a time in list order, apply executionPolicy, skip the rest once a hook fails, finish with an
 * outcome. Every change returns the records it causes, a snapshot of the run's state among them; the caller
 * commits them in one transaction with the consumed record. Touched only by the consumer's thread.
 */
final class RunBook {

    private static final Logger LOG = LoggerFactory.getLogger(RunBook.class);

    private final OutboundEvents out;
    private final RequestValidator validator;
    private final Supplier<CatalogSnapshot> catalog;
    private final Duration retention;
    private final SecretParams secretParams;
    private final Map<String, RunState> runs = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private final List<RunState> touched = new ArrayList<>();
    private final HookDeadlines deadlines;

    RunBook(OutboundEvents out, RequestValidator validator, Supplier<CatalogSnapshot> catalog, Duration retention,
            SecretParams secretParams, HookDeadlines deadlines) {
        this.deadlines = deadlines;
        this.secretParams = secretParams;
        this.out = out;
        this.validator = validator;
        this.catalog = catalog;
        this.retention = retention;
    }

    /** Validates and starts a run of partition {@code partition}; a known run id changes nothing. */
    List<ProducerRecord<byte[], byte[]>> submit(RunRequest request, int partition) {
        String runId = request.runId();
        RunState existing = runs.get(runId);
        if (existing != null) {
            LOG.info("runId={} repeated request ignored: the run is {}", runId, existing.status());
            return List.of();
        }
        RequestValidator.Validation validation = validator.validate(request, catalog.get());
        Instant now = Instant.now();
        if (!validation.accepted()) {
            return rejectNow(runId, request.phase(), request.session(), scrubbed(validation.problems(), request),
                    partition, now);
        }
        RunState run = RunState.accepted(runId, request.phase(), request.session(), validation.plan(), now);
        track(run, partition);
        LOG.info("runId={} accepted: phase={} session={}/{} hooks={}", runId, request.phase(),
                request.session().namespace(), request.session().name(),
                validation.plan().stream().map(PlannedHook::name).toList());
        List<ProducerRecord<byte[], byte[]>> records = advance(run, now);
        records.add(out.snapshot(run));
        return records;
    }

    /** Rejects a request that could not be read as a run request. */
    List<ProducerRecord<byte[], byte[]>> reject(String runId, Phase phase, SessionSummary session, Problem problem,
                                                int partition) {
        if (runs.containsKey(runId)) {
            return List.of();
        }
        return rejectNow(runId, phase, session, List.of(problem), partition, Instant.now());
    }

    /** Applies a hook result; results for unknown runs or hooks not awaited change nothing. */
    List<ProducerRecord<byte[], byte[]>> onResult(HookResult received) {
        HookResult result = received;
        RunState run = runs.get(result.runId());
        PlannedHook awaited = run == null ? null : run.running();
        if (awaited == null || awaited.index() != result.hookIndex()
                || !run.hookId(awaited.index()).equals(result.hookId())) {
            LOG.debug("runId={} result for hook {} ignored: not awaited", result.runId(), result.hookId());
            return List.of();
        }
        result = scrubbed(result, awaited.params());
        deadlines.answered(result.hookId());
        run.recordResult(result);
        touched.add(run);
        Instant now = Instant.now();
        LOG.info("runId={} hook={} {}{} after {} attempt(s) in {} ms", run.runId(), result.hookName(),
                result.status(), result.reason() == null ? "" : " (" + result.reason() + ")", result.attempts(),
                result.durationMs());
        List<ProducerRecord<byte[], byte[]>> records = result.status().isFailure()
                ? failRun(run, awaited, result, now) : advance(run, now);
        records.add(out.snapshot(run));
        return records;
    }

    /** A run restored from the state topic when its partition was assigned. */
    void restore(RunSnapshot snapshot, int partition) {
        RunState run = RunState.fromSnapshot(snapshot);
        if (run.isTerminal() && run.finishedAt() != null
                && run.finishedAt().isBefore(Instant.now().minus(retention))) {
            return;
        }
        track(run, partition);
        if (!run.isTerminal() && run.running() != null) {
            // its dispatch time is not kept: the wait starts again from now
            deadlines.dispatched(run, run.running(), partition, Instant.now());
        }
    }

    /** Forgets the runs of partitions this dispatcher no longer owns. */
    void drop(java.util.Collection<Integer> partitions) {
        runs.keySet().removeIf(id -> partitions.contains(partitionOf.get(id)));
        deadlines.dropPartitions(partitions);
        partitionOf.keySet().retainAll(runs.keySet());
    }

    /** Forgets completed runs older than the retention. */
    void sweep() {
        Instant cutoff = Instant.now().minus(retention);
        runs.values().removeIf(run -> run.isTerminal() && run.finishedAt().isBefore(cutoff));
        partitionOf.keySet().retainAll(runs.keySet());
    }

    /** Runs changed since the last call, with their partition. */
    List<Map.Entry<Integer, RunOutcome>> drainTouched() {
        List<Map.Entry<Integer, RunOutcome>> views = new ArrayList<>();
        for (RunState run : touched) {
            views.add(Map.entry(partitionOf.getOrDefault(run.runId(), -1), run.toOutcome()));
        }
        touched.clear();
        return views;
    }

    /** The result with secret param values masked in its message (the worker masks them too). */
    private HookResult scrubbed(HookResult result, Map<String, String> params) {
        SecretParams.Scrubber scrubber = secretParams.scrubberFor(params);
        if (scrubber.isEmpty() || result.message() == null) {
            return result;
        }
        return new HookResult(result.hookId(), result.runId(), result.phase(), result.hookIndex(), result.hookName(),
                result.template(), result.invoker(), result.executorType(), result.status(), result.reason(),
                scrubber.scrub(result.message()), result.attempts(), result.startedAt(), result.finishedAt(),
                result.durationMs(), result.targets());
    }

    /** Problems of a rejected request with the values of its secret params masked (a render error may quote them). */
    private List<Problem> scrubbed(List<Problem> problems, RunRequest request) {
        Map<String, String> secrets = new HashMap<>();
        List<HookInfo> hooks = request.hooks() == null ? List.of() : request.hooks();
        for (int i = 0; i < hooks.size(); i++) {
            Map<String, Object> params = hooks.get(i) == null ? null : hooks.get(i).params();
            if (params == null) {
                continue;
            }
            int index = i;
            params.forEach((name, value) -> {
                if (value != null) {
                    secrets.put(name + "#" + index, String.valueOf(value));
                }
            });
        }
        SecretParams.Scrubber scrubber = secretParams.scrubberFor(secrets);
        if (scrubber.isEmpty()) {
            return problems;
        }
        return problems.stream().map(p -> new Problem(p.field(), p.reason(), scrubber.scrub(p.message()))).toList();
    }

    private void track(RunState run, int partition) {
        runs.put(run.runId(), run);
        partitionOf.put(run.runId(), partition);
        touched.add(run);
    }

    private List<ProducerRecord<byte[], byte[]>> rejectNow(String runId, Phase phase, SessionSummary session,
                                                           List<Problem> problems, int partition, Instant now) {
        RunState run = RunState.rejected(runId, phase, session, problems, now);
        track(run, partition);
        LOG.info("runId={} rejected: {}", runId, problems);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(out.outcome(run.toOutcome()));
        records.add(out.snapshot(run));
        return records;
    }

    private List<ProducerRecord<byte[], byte[]>> advance(RunState run, Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (PlannedHook hook = run.nextHook(); hook != null; hook = run.nextHook()) {
            if (policyAllows(hook.executionPolicy(), run.session())) {
                run.markDispatched(hook);
                records.add(out.hookEvent(run, hook, now));
                deadlines.dispatched(run, hook, partitionOf.get(run.runId()), now);
                LOG.info("runId={} hook={} dispatched ({} of {}, template {})", run.runId(), hook.name(),
                        hook.index() + 1, run.hookCount(), hook.template());
                return records;
            }
            String message = "executionPolicy " + hook.executionPolicy() + " and the session "
                    + run.session().status().phase();
            run.markSkipped(hook, Reasons.EXECUTION_POLICY, message);
            records.add(out.skipped(run, hook, Reasons.EXECUTION_POLICY, message, now));
            LOG.info("runId={} hook={} skipped: {}", run.runId(), hook.name(), message);
        }
        finish(run, RunStatus.Succeeded, null, null, now, records);
        return records;
    }

    private List<ProducerRecord<byte[], byte[]>> failRun(RunState run, PlannedHook failed, HookResult result,
                                                         Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        String because = "hook '" + failed.name() + "' " + result.status();
        for (PlannedHook rest : run.hooksAfter(failed.index())) {
            run.markSkipped(rest, Reasons.PREVIOUS_HOOK_FAILED, because);
            records.add(out.skipped(run, rest, Reasons.PREVIOUS_HOOK_FAILED, because, now));
        }
        String message = because + (result.reason() == null ? "" : " (" + result.reason() + ")")
                + (result.message() == null ? "" : ": " + result.message());
        finish(run, RunStatus.Failed, Reasons.HOOK_FAILED, message, now, records);
        return records;
    }

    private void finish(RunState run, RunStatus status, String reason, String message, Instant now,
                        List<ProducerRecord<byte[], byte[]>> records) {
        run.finish(status, reason, message, now);
        RunOutcome outcome = run.toOutcome();
        records.add(out.outcome(outcome));
        LOG.info("runId={} {} in {} ms{}", run.runId(), status, outcome.durationMs(),
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
