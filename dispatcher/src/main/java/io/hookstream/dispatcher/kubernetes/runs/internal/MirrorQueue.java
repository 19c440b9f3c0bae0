package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.hookstream.schemas.event.RunOutcome;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The views waiting to be mirrored, coalesced per run: a run has at most one pending view, the latest (an
 * intermediate one it replaces is dropped, reason {@code superseded}). At most {@code bound} runs wait; past that
 * the oldest pending intermediate view is dropped, and a terminal one only when every pending view is terminal
 * (reason {@code overflow}). A run being applied by one thread is not handed to another until {@link #done}.
 * Offers never block: they come from the dispatcher's consumer thread.
 */
public final class MirrorQueue {

    /** A view to mirror; {@code restored}: it came from the state topic, not from a change made here. */
    public record Item(RunOutcome view, boolean restored) {}

    /** A view that will not be mirrored, for the drop counter. */
    public record Dropped(String reason, boolean terminal) {}

    private final int bound;
    private final LinkedHashMap<String, Item> pending = new LinkedHashMap<>();
    private final Set<String> busy = new HashSet<>();
    private boolean closed;

    public MirrorQueue(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        this.bound = bound;
    }

    /** Queues {@code item}; returns the view dropped for it, if one was. */
    public synchronized Dropped offer(Item item) {
        if (closed) {
            return new Dropped("closed", item.view().status().isTerminal());
        }
        String runId = item.view().runId();
        Item previous = pending.remove(runId);
        Dropped dropped = null;
        if (previous != null) {
            // a change made here is never hidden behind a restored view of the same run (Events are its to post)
            item = new Item(item.view(), item.restored() && previous.restored());
            dropped = new Dropped("superseded", previous.view().status().isTerminal());
        } else if (pending.size() >= bound) {
            String victim = oldest(false);
            if (victim == null && !item.view().status().isTerminal()) {
                return new Dropped("overflow", false);
            }
            if (victim == null) {
                victim = oldest(true);
            }
            Item evicted = pending.remove(victim);
            dropped = new Dropped("overflow", evicted.view().status().isTerminal());
        }
        pending.put(runId, item);
        notifyAll();
        return dropped;
    }

    /** The next run's view that no other thread is applying; blocks until there is one. Null once closed. */
    public synchronized Item take() throws InterruptedException {
        while (!closed) {
            for (Iterator<Map.Entry<String, Item>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Item> entry = it.next();
                if (busy.add(entry.getKey())) {
                    it.remove();
                    return entry.getValue();
                }
            }
            wait();
        }
        return null;
    }

    /** The view of {@code runId} taken by {@link #take()} was applied (or given up): its next view may go. */
    public synchronized void done(String runId) {
        busy.remove(runId);
        notifyAll();
    }

    /** Forgets the pending view of {@code runId}. */
    public synchronized boolean discard(String runId) {
        return pending.remove(runId) != null;
    }

    /** Forgets every pending view; returns how many there were. */
    public synchronized int clear() {
        int count = pending.size();
        pending.clear();
        return count;
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized void close() {
        closed = true;
        pending.clear();
        notifyAll();
    }

    private String oldest(boolean terminal) {
        for (Map.Entry<String, Item> entry : pending.entrySet()) {
            if (entry.getValue().view().status().isTerminal() == terminal) {
                return entry.getKey();
            }
        }
        return null;
    }
}
