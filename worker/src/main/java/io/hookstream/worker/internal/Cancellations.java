package io.hookstream.worker.internal;

import io.hookstream.schemas.event.CancelRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The runs cancelled lately, as this worker process read them from the cancels topic, shared by its consumers: a
 * hook event of a cancelled run is answered Cancelled without running, and a hook of it that runs is stopped (each
 * consumer listens). A run is remembered for the window after the cancel was seen ({@link #MEMORY}, the cancels
 * topic's retention, by default), at most {@link #MAX_RUNS} runs (the oldest are forgotten first). Thread-safe.
 */
public final class Cancellations {

    /** How long a cancel is remembered by default: as long as the cancels topic keeps it. */
    public static final Duration MEMORY = Duration.ofHours(24);
    /** The most runs remembered; cancels are rare, so this bounds memory (~200 bytes each) rather than use. */
    public static final int MAX_RUNS = 100_000;

    private record Seen(CancelRequest cancel, Instant at) {}

    private final Duration window;
    private final Clock clock;
    private final Map<String, Seen> runs = new ConcurrentHashMap<>();
    private final List<Consumer<CancelRequest>> listeners = new CopyOnWriteArrayList<>();

    public Cancellations(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /**
     * Records a cancel; the first of a run is handed to every listener (after it is recorded, so that a hook
     * registered meanwhile either sees it in {@link #of} or is reached by a listener).
     *
     * @return false when the run was known as cancelled already
     */
    public boolean add(CancelRequest cancel) {
        Instant now = clock.instant();
        if (runs.size() >= MAX_RUNS) {
            runs.values().removeIf(seen -> seen.at().isBefore(now.minus(window)));
            if (runs.size() >= MAX_RUNS) {
                runs.entrySet().stream()
                        .min(Map.Entry.comparingByValue(Comparator.comparing(Seen::at)))
                        .ifPresent(oldest -> runs.remove(oldest.getKey()));
            }
        }
        if (runs.putIfAbsent(cancel.runId(), new Seen(cancel, now)) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.accept(cancel));
        return true;
    }

    /** The cancel of {@code runId}, if it was seen within the window. */
    public Optional<CancelRequest> of(String runId) {
        Seen seen = runs.get(runId);
        return seen == null || seen.at().isBefore(clock.instant().minus(window))
                ? Optional.empty()
                : Optional.of(seen.cancel());
    }

    /** Calls {@code listener} (on the thread that adds) for every run cancelled from now on. */
    public void listen(Consumer<CancelRequest> listener) {
        listeners.add(listener);
    }

    public int size() {
        return runs.size();
    }
}
