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
        int paused = loop.partitions.adjustPause(kafka, loop.held() >= loop.options.maxInFlight());
        anyPaused = paused > 0;
        pausedCount = paused;
    }

    /** Once a second: records not fetched yet, and fetched but not handed out. */
    void measureLag(Consumer<byte[], byte[]> kafka) {
        long now = System.nanoTime();
        if (now - lastLagNanos < LAG_EVERY_NANOS) {
            return;
        }
        lastLagNanos = now;
        AssignedPartitions.Backlog backlog = loop.partitions.backlog(kafka);
        lag = backlog.unfetched();
        queued = backlog.queued();
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
