package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookstream.schemas.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The run list's committed changes as numbered events, for {@code GET /v1/runs} with {@code Accept:
 * text/event-stream}: the {@link StateFollower} publishes each batch it applied to the {@link RunIndex}; every open
 * stream reads on from its own position. The events live in one ring shared by all streams (at most {@link
 * #CAPACITY}), so a slow client costs no memory beyond its connection's write queue: when it has fallen out of the
 * ring it is told to reload the list ({@code reset}) and goes on from there.
 *
 * <p>An event's id is this instance's epoch (random, drawn at start) and its number: a client reconnecting with
 * {@code Last-Event-ID} gets what it missed when the id is this instance's and still in the ring, else a reset.
 */
final class RunStream {

    /** Events kept for streams that are behind and for reconnecting clients (about 2 MB of summaries). */
    static final int CAPACITY = 4096;

    /**
     * One change, numbered. Its JSON is written when a stream first sends it, once for every stream: the index's
     * thread, which publishes every change whether anyone streams or not, does not pay for it.
     */
    static final class Event {

        private final long seq;
        private final RunChange change;
        private volatile String data;

        Event(long seq, RunChange change) {
            this.seq = seq;
            this.change = change;
        }

        long seq() {
            return seq;
        }

        RunChange change() {
            return change;
        }

        /** The SSE data: the run's summary, or {@code {"runId"}} when it was removed. */
        String data() {
            String json = data;
            if (json == null) {
                json = json(change); // two streams may both write it: the same text
                data = json;
            }
            return json;
        }
    }

    private final String epoch = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final Event[] ring;
    private long last; // the newest event's number; 0: none yet
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

    RunStream() {
        this(CAPACITY);
    }

    RunStream(int capacity) {
        this.ring = new Event[capacity];
    }

    /** Numbers and keeps {@code changes}, then wakes every stream. Called by the run index's thread. */
    void publish(List<RunChange> changes) {
        synchronized (ring) {
            for (RunChange change : changes) {
                last++;
                ring[(int) (last % ring.length)] = new Event(last, change);
            }
        }
        listeners.forEach(Runnable::run);
    }

    /**
     * The events after {@code seq}, at most {@code max}; null when some after it have left the ring already (the
     * reader must reload the list and go on from {@link #position()}).
     */
    List<Event> after(long seq, int max) {
        synchronized (ring) {
            long oldest = Math.max(1, last - ring.length + 1);
            if (seq < oldest - 1) {
                return null;
            }
            List<Event> events = new ArrayList<>((int) Math.min(max, Math.max(0, last - seq)));
            for (long i = seq + 1; i <= last && events.size() < max; i++) {
                events.add(ring[(int) (i % ring.length)]);
            }
            return events;
        }
    }

    /** The newest event's number (0 before the first). */
    long position() {
        synchronized (ring) {
            return last;
        }
    }

    /** The SSE id of event {@code seq}. */
    String id(long seq) {
        return epoch + "-" + seq;
    }

    /**
     * Where a client that last saw {@code lastEventId} goes on from: its number when the id is this instance's
     * (and not ahead of it), else -1 (an id of another instance, or of this one before a restart).
     */
    long resume(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(epoch + "-")) {
            return -1;
        }
        try {
            long seq = Long.parseLong(lastEventId.substring(epoch.length() + 1));
            return seq >= 0 && seq <= position() ? seq : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void listen(Runnable wake) {
        listeners.add(wake);
    }

    void unlisten(Runnable wake) {
        listeners.remove(wake);
    }

    int streams() {
        return listeners.size();
    }

    private static String json(RunChange change) {
        try {
            return change.current() != null
                    ? Json.mapper().writeValueAsString(change.current())
                    : Json.mapper().writeValueAsString(Map.of("runId", change.runId()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run summary cannot be written as JSON", e);
        }
    }
}
