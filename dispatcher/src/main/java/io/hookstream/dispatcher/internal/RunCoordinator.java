package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.ExecutionPolicy;
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
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every run's state and moves runs along: accepts or rejects requests, dispatches a run's hooks one at a
 * time in list order, applies executionPolicy, skips the rest once a hook fails, and publishes the outcome.
 * Everything happens on one Vert.x context, so run state needs no locks; the public methods hop onto it.
 */
public final class RunCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(RunCoordinator.class);

    private final Context context;
    private final OutboundEvents out;
    private final RequestValidator validator;
    private final Supplier<CatalogSnapshot> catalog;
    private final Duration retention;
    private final Map<String, RunState> runs = new HashMap<>();
    private final Map<String, List<Promise<RunOutcome>>> waiters = new HashMap<>();

    RunCoordinator(Context context, OutboundEvents out, RequestValidator validator, Supplier<CatalogSnapshot> catalog,
                   Duration retention) {
        this.context = context;
        this.out = out;
        this.validator = validator;
        this.catalog = catalog;
        this.retention = retention;
    }

    /** Validates and starts a run; resolves once what it caused is published. */
    Future<Submission> submit(RunRequest request) {
        return onContext(() -> {
            String runId = request.runId() != null ? request.runId() : UUID.randomUUID().toString();
            RunState existing = runs.get(runId);
            if (existing != null) {
                LOG.info("runId={} repeated request ignored: the run is {}", runId, existing.status());
                return Future.succeededFuture(new Submission(existing.toOutcome(), true));
            }
            RequestValidator.Validation validation = validator.validate(request.withRunId(runId), catalog.get());
            Instant now = Instant.now();
            if (!validation.accepted()) {
                return rejectNow(runId, request.phase(), request.session(), validation.problems(), now);
            }
            RunState run = RunState.accepted(runId, request.phase(), request.session(), validation.plan(), now);
            runs.put(runId, run);
            LOG.info("runId={} accepted: phase={} session={}/{} hooks={}", runId, request.phase(),
                    request.session().namespace(), request.session().name(),
                    validation.plan().stream().map(PlannedHook::name).toList());
            List<CompletableFuture<?>> published = advance(run, now);
            return whenPublished(published).map(v -> new Submission(run.toOutcome(), false));
        });
    }

    /** Rejects a request that could not be read as a run request, publishing a Rejected outcome. */
    Future<Submission> reject(String runId, Phase phase, SessionSummary session, Problem problem) {
        return onContext(() -> {
            String id = runId != null && RequestValidator.RUN_ID.matcher(runId).matches() ? runId
                    : UUID.randomUUID().toString();
            RunState existing = runs.get(id);
            if (existing != null) {
                return Future.succeededFuture(new Submission(existing.toOutcome(), true));
            }
            return rejectNow(id, phase, session, List.of(problem), Instant.now());
        });
    }

    /** Applies a hook result; results for unknown runs or hooks not awaited are ignored. */
    Future<Void> onResult(HookResult result) {
        return onContext(() -> {
            RunState run = runs.get(result.runId());
            PlannedHook awaited = run == null ? null : run.running();
            if (awaited == null || awaited.index() != result.hookIndex()
                    || !run.hookId(awaited.index()).equals(result.hookId())) {
                LOG.debug("runId={} result for hook {} ignored: not awaited", result.runId(), result.hookId());
                return Future.succeededFuture();
            }
            run.recordResult(result);
            Instant now = Instant.now();
            LOG.info("runId={} hook={} {}{} after {} attempt(s) in {} ms", run.runId(), result.hookName(),
                    result.status(), result.reason() == null ? "" : " (" + result.reason() + ")",
                    result.attempts(), result.durationMs());
            List<CompletableFuture<?>> published;
            if (result.status().isFailure()) {
                published = failRun(run, awaited, result, now);
            } else {
                published = advance(run, now);
            }
            return whenPublished(published).mapEmpty();
        });
    }

    /** The run's current view, or null when the run is unknown. */
    Future<RunOutcome> view(String runId) {
        return onContext(() -> {
            RunState run = runs.get(runId);
            return Future.succeededFuture(run == null ? null : run.toOutcome());
        });
    }

    /** The run's view once it is complete, or its current view when {@code wait} passes first. */
    Future<RunOutcome> await(String runId, Duration wait) {
        return onContext(() -> {
            RunState run = runs.get(runId);
            if (run == null || run.isTerminal() || wait.isZero()) {
                return Future.succeededFuture(run == null ? null : run.toOutcome());
            }
            Promise<RunOutcome> promise = Promise.promise();
            waiters.computeIfAbsent(runId, id -> new ArrayList<>()).add(promise);
            context.owner().setTimer(Math.max(1, wait.toMillis()), id -> {
                List<Promise<RunOutcome>> list = waiters.get(runId);
                if (list != null && list.remove(promise)) {
                    promise.tryComplete(run.toOutcome());
                }
            });
            return promise.future();
        });
    }

    /** Forgets completed runs older than the retention; called periodically. */
    void sweep() {
        context.runOnContext(v -> {
            Instant cutoff = Instant.now().minus(retention);
            int before = runs.size();
            runs.values().removeIf(run -> run.isTerminal() && run.finishedAt().isBefore(cutoff));
            if (runs.size() < before) {
                LOG.debug("forgot {} completed runs older than {}", before - runs.size(), retention);
            }
        });
    }

    int activeRuns() {
        return (int) runs.values().stream().filter(r -> !r.isTerminal()).count();
    }

    private Future<Submission> rejectNow(String runId, Phase phase, SessionSummary session, List<Problem> problems,
                                         Instant now) {
        RunState run = RunState.rejected(runId, phase, session, problems, now);
        runs.put(runId, run);
        LOG.info("runId={} rejected: {}", runId, problems);
        RunOutcome outcome = run.toOutcome();
        return whenPublished(List.of(out.outcome(outcome))).map(v -> new Submission(outcome, false));
    }

    /** Dispatches the next hook whose policy lets it run, skipping the others; finishes when none is left. */
    private List<CompletableFuture<?>> advance(RunState run, Instant now) {
        List<CompletableFuture<?>> published = new ArrayList<>();
        for (PlannedHook hook = run.nextHook(); hook != null; hook = run.nextHook()) {
            if (policyAllows(hook.executionPolicy(), run.session())) {
                run.markDispatched(hook);
                published.add(out.hookEvent(run, hook, now));
                LOG.info("runId={} hook={} dispatched ({} of {}, template {})", run.runId(), hook.name(),
                        hook.index() + 1, run.hookCount(), hook.template());
                return published;
            }
            String message = "executionPolicy " + hook.executionPolicy() + " and the session "
                    + run.session().status().phase();
            run.markSkipped(hook, Reasons.EXECUTION_POLICY, message);
            published.add(out.skipped(run, hook, Reasons.EXECUTION_POLICY, message, now));
            LOG.info("runId={} hook={} skipped: {}", run.runId(), hook.name(), message);
        }
        finish(run, RunStatus.Succeeded, null, null, now, published);
        return published;
    }

    private List<CompletableFuture<?>> failRun(RunState run, PlannedHook failed, HookResult result, Instant now) {
        List<CompletableFuture<?>> published = new ArrayList<>();
        String because = "hook '" + failed.name() + "' " + result.status();
        for (PlannedHook rest : run.hooksAfter(failed.index())) {
            run.markSkipped(rest, Reasons.PREVIOUS_HOOK_FAILED, because);
            published.add(out.skipped(run, rest, Reasons.PREVIOUS_HOOK_FAILED, because, now));
        }
        String message = because + (result.reason() == null ? "" : " (" + result.reason() + ")")
                + (result.message() == null ? "" : ": " + result.message());
        finish(run, RunStatus.Failed, Reasons.HOOK_FAILED, message, now, published);
        return published;
    }

    private void finish(RunState run, RunStatus status, String reason, String message, Instant now,
                        List<CompletableFuture<?>> published) {
        run.finish(status, reason, message, now);
        RunOutcome outcome = run.toOutcome();
        published.add(out.outcome(outcome));
        LOG.info("runId={} {} in {} ms{}", run.runId(), status, outcome.durationMs(),
                message == null ? "" : ": " + message);
        List<Promise<RunOutcome>> list = waiters.remove(run.runId());
        if (list != null) {
            list.forEach(p -> p.tryComplete(outcome));
        }
    }

    private static boolean policyAllows(ExecutionPolicy policy, SessionSummary session) {
        return switch (policy) {
            case Always -> true;
            case OnSuccess -> session.status().phase() == SessionPhase.Succeeded;
            case OnFailure -> session.status().phase() == SessionPhase.Failed;
        };
    }

    private Future<Void> whenPublished(List<CompletableFuture<?>> published) {
        CompletableFuture<Void> all = CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
        return Future.fromCompletionStage(all, context);
    }

    private <T> Future<T> onContext(java.util.concurrent.Callable<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.call().onComplete(promise);
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
