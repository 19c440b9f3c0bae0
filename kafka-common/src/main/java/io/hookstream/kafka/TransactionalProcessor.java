package io.hookstream.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one consumed record into the records it causes. Called on the consumer's thread, so it must hand work
 * off and return at once. The outputs are written in a transaction together with the consumed offsets, so
 * each record's outputs are committed exactly once; a record whose stage fails is logged and finishes with no
 * output. Records with the same key are handed out one at a time, in order.
 *
 * @param <C> the processor's commit token: what it attaches to a {@link Processed} and gets back in
 *            {@link #onCommitted} once those outputs are committed
 */
public interface TransactionalProcessor<C> {

    /** {@link #abort} reason: the loop could not renew its claim on the record in time. */
    String LEASE_LOST = "LeaseLost";
    /** {@link #abort} reason: the loop is stopping and its drain time is over. */
    String STOPPING = "WorkerStopping";

    CompletionStage<Processed<C>> process(ConsumerRecord<byte[], byte[]> record);

    /**
     * Called on the consumer's thread about every {@code Options.tickInterval}, with the loop's clock: what the
     * processor has to write that no record caused (e.g. results of deadlines that passed), by the partition whose
     * state it belongs to. Outputs of a partition the loop owns are committed in its next transaction with that
     * partition's offsets, exactly like a record's outputs (written again after an aborted transaction, discarded
     * when the partition is dropped; tokens go to {@link #onCommitted}); those of a partition it does not own are
     * discarded with a WARN. Default: nothing.
     */
    default Map<TopicPartition, Processed<C>> onTick(Instant now) {
        return Map.of();
    }

    /**
     * Partitions newly assigned. Their records are held back (the partitions stay paused) until the returned stage
     * completes, so blocking work such as reading a state topic belongs on a thread of the processor's own, never
     * on the consumer's thread (it would stall the rebalance). The stage's value is then called on the consumer's
     * thread with those of the partitions that are still assigned (some may have been revoked meanwhile): it
     * applies what was read. A failed stage stops the loop. Default: nothing to prepare.
     */
    default CompletionStage<Consumer<Collection<TopicPartition>>> prepare(Collection<TopicPartition> partitions) {
        return CompletableFuture.completedFuture(stillAssigned -> {});
    }

    /**
     * Partitions whose unfinished work was dropped (revoked, lost, or this instance was fenced). Without claims,
     * outputs of their records that finished but were not committed are discarded, and those records will be
     * processed again; with claims, work that had started is finished here and committed without the offsets.
     */
    default void onDropped(Collection<TopicPartition> partitions) {}

    /**
     * What to commit instead of a record's outputs when one of them is larger than a Kafka record may be (it would
     * fail every transaction it is in): typically a dead letter of {@code record} saying {@code problem};
     * {@code rejected} is what {@link #process} returned (its token says what the processor had made). Default:
     * nothing, the record finishes with no output. Called on the thread that completed the record's stage.
     */
    default Processed<C> onOutputTooLarge(
            ConsumerRecord<byte[], byte[]> record, Processed<C> rejected, String problem) {
        return Processed.none();
    }

    /**
     * The non-null tokens of what was just committed (records', ticks' and, with claims, handed-over work's), in the
     * order of the transaction; called on the consumer's thread.
     */
    default void onCommitted(List<C> tokens) {}

    /**
     * Stops the work of a record handed out, because the loop can no longer hold its claim ({@code reason}
     * {@link #LEASE_LOST}) or is stopping past its drain time ({@link #STOPPING}). The returned stage completes
     * once the work can no longer be running; the record's own stage still completes, and its outputs are
     * discarded. Only loops with claims call it; the default has nothing to stop.
     */
    default CompletionStage<Void> abort(ConsumerRecord<byte[], byte[]> record, String reason) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A record that another holder finished and committed while this loop owned its partition (the partition had
     * moved while the work ran): it is finished here without being processed. Called on the consumer's thread.
     */
    default void onFinishedElsewhere(ConsumerRecord<byte[], byte[]> record) {}
}
