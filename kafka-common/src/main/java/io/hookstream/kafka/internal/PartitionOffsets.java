package io.hookstream.kafka.internal;

import java.util.TreeSet;

/**
 * Offsets of one assigned partition that were handed out and not yet finished. The committable offset is the
 * lowest unfinished one (everything below it is done), or one past the highest seen when all are done.
 * Touched only by the consumer's thread.
 */
public final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long highestSeen = -1;
    private long committed;

    public PartitionOffsets(long committed) {
        this.committed = committed;
    }

    public void started(long offset) {
        unfinished.add(offset);
        highestSeen = Math.max(highestSeen, offset);
    }

    public void finished(long offset) {
        unfinished.remove(offset);
    }

    public int inFlight() {
        return unfinished.size();
    }

    /** The offset to commit, or -1 when there is nothing new to commit. */
    public long committable() {
        long next = unfinished.isEmpty() ? highestSeen + 1 : unfinished.first();
        return next > committed ? next : -1;
    }

    public void committedUpTo(long offset) {
        committed = Math.max(committed, offset);
    }
}
