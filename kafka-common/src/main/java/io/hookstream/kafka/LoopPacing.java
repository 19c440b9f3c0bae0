package io.hookstream.kafka;

import io.hookstream.kafka.internal.AssignedPartitions;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The loop's pause and lag bookkeeping: partitions are paused at the in-flight bound (and while records wait to be
 * admitted or the partition is being prepared) and resumed as work finishes; once a second the records waiting in
 * the assigned partitions are counted. Written on the loop's thread, read from any.
 */
final class LoopPacing {

    private static final long LAG_EVERY_NANOS = 1_000_000_000L;

    private final LoopContext loop;
    private volatile boolean anyPaused;
    private volatile int pausedCount;
    private volatile long lag;
    private volatile int queued;
    private long lastLagNanos;

    LoopPacing(LoopContext loop) {
        this.loop = loop;
    }

    void adjustPause(Consumer<byte[], byte[]> kafka) {
        int paused = loop.partitions.adjustPause(kafka, loop.held() >= loop.admissionBound());
        anyPaused = paused > 0;
        pausedCount = paused;
    }

    /**
     * Once a second: records not fetched yet, and fetched but not handed out - not admitted yet, or admitted and
     * not started (being claimed, claimed ahead and waiting for a slot, deferred, or behind their run's record).
     *
     * @param handedOut records handed to the processor and not finished, work of partitions that moved included
     */
    void measureLag(Consumer<byte[], byte[]> kafka, int handedOut) {
        long now = System.nanoTime();
        if (now - lastLagNanos < LAG_EVERY_NANOS) {
            return;
        }
        lastLagNanos = now;
        AssignedPartitions.Backlog backlog = loop.partitions.backlog(kafka);
        lag = backlog.unfetched();
        int runningHere = handedOut - (loop.leases == null ? 0 : loop.leases.orphans());
        queued = backlog.queued() + Math.max(0, loop.partitions.held() - runningHere);
    }

    boolean isPaused() {
        return anyPaused;
    }

    int pausedPartitions() {
        return pausedCount;
    }

    long lag() {
        return lag;
    }

    /** Records fetched and not handed out, as of the last measure. */
    int queued() {
        return queued;
    }
}
