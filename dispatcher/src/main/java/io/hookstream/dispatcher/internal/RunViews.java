package io.hookstream.dispatcher.internal;

import io.hookstream.dispatcher.RunListener;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The committed views of this dispatcher's runs, for the HTTP API: written by the consumer's thread once a
 * transaction committed, read by event loops. Waiters for a run's completion are called when its terminal view
 * is published. Every published view is also handed to the {@link RunListener} (the Kubernetes run mirror).
 */
final class RunViews {

    private record Entry(int partition, RunOutcome view) {}

    private final ConcurrentHashMap<String, Entry> views = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<RunOutcome>>> waiters = new HashMap<>();
    private final RunListener listener;
    private final Clock clock;

    RunViews(Clock clock) {
        this(RunListener.NONE, clock);
    }

    RunViews(RunListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    RunOutcome get(String runId) {
        Entry entry = views.get(runId);
        return entry == null ? null : entry.view();
    }

    /** A view committed by this dispatcher's loop. */
    void publish(int partition, RunOutcome view) {
        put(partition, view);
        listener.committed(view);
    }

    /** A view restored from the state topic when its partition was assigned here. */
    void restore(int partition, RunOutcome view) {
        put(partition, view);
        listener.restored(view);
    }

    private void put(int partition, RunOutcome view) {
        views.put(view.runId(), new Entry(partition, view));
        if (view.status().isTerminal()) {
            List<Consumer<RunOutcome>> waiting;
            synchronized (waiters) {
                waiting = waiters.remove(view.runId());
            }
            if (waiting != null) {
                waiting.forEach(w -> w.accept(view));
            }
        }
    }

    /** Calls {@code waiter} once the run completes here (or never, if it completes elsewhere). */
    void onCompletion(String runId, Consumer<RunOutcome> waiter) {
        synchronized (waiters) {
            RunOutcome now = get(runId);
            if (now == null || !now.status().isTerminal()) {
                waiters.computeIfAbsent(runId, id -> new ArrayList<>()).add(waiter);
                return;
            }
        }
        waiter.accept(get(runId)); // completed meanwhile
    }

    void cancel(String runId, Consumer<RunOutcome> waiter) {
        synchronized (waiters) {
            List<Consumer<RunOutcome>> list = waiters.get(runId);
            if (list != null) {
                list.remove(waiter);
                if (list.isEmpty()) {
                    waiters.remove(runId);
                }
            }
        }
    }

    void drop(Collection<Integer> partitions) {
        views.entrySet().removeIf(entry -> {
            boolean moved = partitions.contains(entry.getValue().partition());
            if (moved) {
                listener.dropped(entry.getKey());
            }
            return moved;
        });
    }

    void sweep(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        views.values()
                .removeIf(e ->
                        e.view().finishedAt() != null && e.view().finishedAt().isBefore(cutoff));
    }
}
