package io.hookstream.kafka;

import io.hookstream.kafka.internal.AssignedPartitions;
import io.hookstream.kafka.internal.OutputSizeGuard;
import io.hookstream.kafka.internal.TransactionWriter;
import io.hookstream.kafka.internal.claims.ClaimWatch;
import io.hookstream.kafka.internal.claims.Leases;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What the parts of one {@link TransactionalLoop} share: its settings, its processor, the partitions it owns, its
 * claims and its producer. Touched only by the loop's thread, except where said.
 */
final class LoopContext {

    final TransactionalLoop.Options options;
    /** The processor, its token type erased: the loop only hands back the tokens it was given. */
    final TransactionalProcessor<Object> processor;

    final AssignedPartitions partitions = new AssignedPartitions();
    final TransactionWriter writer;
    final OutputSizeGuard sizeGuard;
    /** Null without claims. */
    final ClaimWatch watch;
    /** Null without claims. */
    final Leases leases;
    /** Work for the loop's thread from other threads (partitions prepared, stopped work). */
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The consumer while the loop runs; read by other threads to wake it. */
    volatile Consumer<byte[], byte[]> consumer;

    volatile Thread loopThread;
    /** Set once the loop stops taking records: a finished record starts no other record of its key. */
    boolean draining;

    LoopContext(
            TransactionalLoop.Options options,
            TransactionalProcessor<Object> processor,
            TransactionWriter writer,
            OutputSizeGuard sizeGuard,
            ClaimWatch watch,
            Leases leases) {
        this.options = options;
        this.processor = processor;
        this.writer = writer;
        this.sizeGuard = sizeGuard;
        this.watch = watch;
        this.leases = leases;
    }

    String name() {
        return options.name();
    }

    /**
     * How many records may be held (admitted and not finished). With claims, twice the in-flight bound: as many
     * as may run at once, and as many again claimed ahead, so that the next records' claims commit while the
     * current ones run (at most {@code maxInFlight} run at once either way). Without claims a record runs as soon
     * as it is admitted, so the in-flight bound itself.
     */
    int admissionBound() {
        return leases == null ? options.maxInFlight() : 2 * options.maxInFlight();
    }

    /** Records admitted and not finished, and work kept running after its partition moved. */
    int held() {
        return partitions.held() + (leases == null ? 0 : leases.orphans());
    }

    void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** Any thread: ends the consumer's current poll. */
    void wakeUp() {
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
