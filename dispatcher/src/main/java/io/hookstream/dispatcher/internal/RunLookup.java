package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.Partitioning;
import io.hookstream.schemas.event.RunOutcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds a run for the HTTP API on any dispatcher instance: in this instance's views when it owns the run,
 * otherwise in the state topic (the owner's committed snapshots); a run submitted here that no dispatcher has
 * taken up yet shows as Running with its hooks Pending. Waiting for completion is a callback for runs this
 * instance owns and a poll for the others.
 */
final class RunLookup {

    private static final long LOCAL_POLL_MS = 25;
    private static final long REMOTE_POLL_NANOS = Duration.ofMillis(500).toNanos();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SUBMISSION_MEMORY = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final RunViews views;
    private final StateTopicReader state;
    private final int partitions;
    private final Map<String, RunOutcome> submitted = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clock the dispatcher's clock: how long a submission is remembered, and the HTTP API's timestamps */
    RunLookup(Vertx vertx, RunViews views, StateTopicReader state, int partitions, Clock clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.views = views;
        this.state = state;
        this.partitions = partitions;
    }

    /** Remembers a run submitted through this instance until a dispatcher takes it up. */
    void submitted(RunOutcome placeholder) {
        Instant cutoff = clock.instant().minus(SUBMISSION_MEMORY);
        submitted.values().removeIf(view -> view.acceptedAt().isBefore(cutoff));
        submitted.put(placeholder.runId(), placeholder);
    }

    /** The dispatcher's clock. */
    Clock clock() {
        return clock;
    }

    /** The run's view once complete, or its latest view when {@code wait} passes first; null when unknown. */
    Future<RunOutcome> await(String runId, Duration wait) {
        return step(runId, System.nanoTime() + wait.toNanos(), submitted.get(runId), Long.MIN_VALUE);
    }

    private Future<RunOutcome> step(String runId, long deadline, RunOutcome latest, long lastRemoteRead) {
        RunOutcome local = views.get(runId);
        long now = System.nanoTime();
        if (local != null) {
            submitted.remove(runId);
            return local.status().isTerminal() || now >= deadline
                    ? Future.succeededFuture(local)
                    : awaitLocal(runId, Duration.ofNanos(deadline - now));
        }
        Future<RunOutcome> remote =
                now - lastRemoteRead >= REMOTE_POLL_NANOS ? find(runId) : Future.succeededFuture(null);
        long readAt = now - lastRemoteRead >= REMOTE_POLL_NANOS ? now : lastRemoteRead;
        return remote.compose(found -> {
            RunOutcome current = found != null ? found : latest;
            if (found != null) {
                submitted.remove(runId);
            }
            if (current == null || current.status().isTerminal() || System.nanoTime() >= deadline) {
                return Future.succeededFuture(current);
            }
            Promise<RunOutcome> next = Promise.promise();
            vertx.setTimer(
                    LOCAL_POLL_MS, id -> step(runId, deadline, current, readAt).onComplete(next));
            return next.future();
        });
    }

    private Future<RunOutcome> awaitLocal(String runId, Duration wait) {
        Promise<RunOutcome> promise = Promise.promise();
        var context = vertx.getOrCreateContext();
        Consumer<RunOutcome> waiter = view -> context.runOnContext(v -> promise.tryComplete(view));
        views.onCompletion(runId, waiter);
        vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            views.cancel(runId, waiter);
            RunOutcome latest = views.get(runId);
            if (latest != null) {
                promise.tryComplete(latest);
            } else {
                find(runId).onComplete(ar -> promise.tryComplete(ar.succeeded() ? ar.result() : null));
            }
        });
        return promise.future();
    }

    private Future<RunOutcome> find(String runId) {
        return vertx.executeBlocking(
                () -> {
                    RunSnapshot snapshot =
                            state.find(runId, Partitioning.partitionFor(runId, partitions), READ_TIMEOUT);
                    return snapshot == null ? null : snapshot.view();
                },
                false);
    }
}
