package io.hookstream.worker.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which hooks already have a result, so that a hook event that reaches a topic twice executes once. Holds
 * 64-bit fingerprints of hook ids in one-minute buckets for {@code window}: ids whose result is committed (by
 * this process, or found in the results topic when a partition was assigned), and per partition the ids that
 * finished but are not committed yet (forgotten when that partition's work is dropped, since they will run
 * again). Thread-safe: results finish on event loops, everything else happens on the consumer's thread.
 */
final class HookIdRegistry {

    private final Duration window;
    private final Clock clock;
    private final TreeMap<Long, Set<Long>> committed = new TreeMap<>();
    private final Map<TopicPartition, Set<Long>> pending = new HashMap<>();
    /** Per owned partition, the number of its current assignment: work of an earlier one does not count. */
    private final Map<TopicPartition, Long> epochs = new HashMap<>();

    private long nextEpoch = 1;

    HookIdRegistry(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    synchronized boolean seen(String hookId) {
        long id = fingerprint(hookId);
        for (Set<Long> ids : pending.values()) {
            if (ids.contains(id)) {
                return true;
            }
        }
        for (Set<Long> ids : committed.values()) {
            if (ids.contains(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A hook of {@code partition}, started under assignment {@code epoch}, finished; its result is not committed
     * yet. Ignored when the partition is no longer owned under that assignment: its result is then either committed
     * by this worker anyway (work handed over, see {@link #committed}) or never, and the hook must not look as if it
     * had a result when its event is read again.
     */
    synchronized void finished(TopicPartition partition, long epoch, String hookId) {
        Long current = epochs.get(partition);
        if (current != null && current == epoch) {
            pending.computeIfAbsent(partition, p -> new HashSet<>()).add(fingerprint(hookId));
        }
    }

    /** The partitions are (again) owned: a new assignment of each begins. */
    synchronized void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> epochs.put(tp, nextEpoch++));
    }

    /** The current assignment of {@code partition}, or 0 when it is not owned. */
    synchronized long epoch(TopicPartition partition) {
        return epochs.getOrDefault(partition, 0L);
    }

    synchronized void committed(String hookId) {
        long id = fingerprint(hookId);
        pending.values().forEach(ids -> ids.remove(id));
        add(id, clock.millis());
    }

    /** Ids found in the results topic, with the time of their result. */
    synchronized void known(String hookId, long resultTimestamp) {
        add(fingerprint(hookId), resultTimestamp);
    }

    synchronized void dropped(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
        partitions.forEach(epochs::remove);
    }

    private void add(long id, long timestamp) {
        long oldest = (clock.millis() - window.toMillis()) / 60_000;
        committed.headMap(oldest).clear();
        long minute = timestamp / 60_000;
        if (minute >= oldest) {
            committed.computeIfAbsent(minute, m -> new HashSet<>()).add(id);
        }
    }

    /** FNV-1a 64 of the id's UTF-8 bytes: collisions are negligible within a dedup window. */
    static long fingerprint(String hookId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : hookId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
