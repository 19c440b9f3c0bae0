package io.hookstream.kafka;

import io.hookstream.kafka.internal.TransactionWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit step, on the loop's thread: at most every commit interval (or when forced), one transaction with the
 * pending outputs of every partition that has any, its offset (the lowest unfinished, finished ones above it in the
 * metadata) and, with claims, the claims' writes; then what its outcome means: committed (the processor gets the
 * tokens), aborted (all of it is written again next time) or fenced (restart from the committed offsets).
 */
final class LoopCommit {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    /** What one transaction carries, and what to forget of each partition once it is committed. */
    private record Batch(
            Map<TopicPartition, OffsetAndMetadata> offsets,
            Map<TopicPartition, Integer> finishedCounts,
            List<ProducerRecord<byte[], byte[]>> outputs,
            List<Object> tokens) {}

    private final LoopContext loop;
    private final LoopWork work;
    private final LoopOwnership ownership;
    private long lastCommitNanos = System.nanoTime();
    private volatile long committedOutputs;

    LoopCommit(LoopContext loop, LoopWork work, LoopOwnership ownership) {
        this.loop = loop;
        this.work = work;
        this.ownership = ownership;
    }

    /** Outputs committed since start (any thread). */
    long committedOutputs() {
        return committedOutputs;
    }

    /** How long until the commit interval allows the next transaction (zero or less: now). */
    long nanosUntilDue() {
        return loop.options.commitInterval().toNanos() - (System.nanoTime() - lastCommitNanos);
    }

    /** True when a transaction has something to write. */
    boolean pending() {
        return (loop.leases != null && loop.leases.hasWrites()) || loop.partitions.anyNeedsCommit();
    }

    void commitIfDue(Consumer<byte[], byte[]> kafka, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < loop.options.commitInterval().toNanos()) {
            return;
        }
        Set<TopicPartition> claimed = new HashSet<>();
        List<ProducerRecord<byte[], byte[]>> claimWrites =
                loop.leases != null && loop.leases.hasWrites() ? loop.leases.writes(claimed) : List.of();
        Batch batch = batch(claimed);
        if (batch.offsets().isEmpty() && claimWrites.isEmpty()) {
            return;
        }
        batch.outputs().addAll(claimWrites);
        if (loop.leases != null) {
            batch.tokens().addAll(loop.leases.tokensInTransaction());
        }
        lastCommitNanos = now; // the interval spaces transactions; an idle loop commits what finishes at once
        long began = System.nanoTime();
        TransactionWriter.Result result =
                loop.writer.commit(batch.outputs(), batch.offsets(), kafka.groupMetadata(), !claimed.isEmpty());
        switch (result.outcome()) {
            case COMMITTED -> committed(batch, began);
            case ABORTED -> {
                if (loop.leases != null) {
                    loop.leases.aborted();
                }
                LOG.warn(
                        "loop {} aborted a transaction ({}); its outputs are sent again in the next one",
                        loop.name(),
                        result.cause().toString());
            }
            case STALE_GENERATION -> restartAsFenced(kafka, result.cause(), false);
            case FENCED -> restartAsFenced(kafka, result.cause(), true);
        }
    }

    /** The offsets, outputs and tokens of the partitions that have something to commit. */
    private Batch batch(Set<TopicPartition> claimed) {
        Batch batch = new Batch(new HashMap<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        loop.partitions.all().forEach((tp, partition) -> {
            // a new claim carries its partition's offset: the group refuses it from a consumer that lost the partition
            if (partition.needsCommit() || claimed.contains(tp)) {
                batch.offsets()
                        .put(tp, new OffsetAndMetadata(partition.committableOffset(), partition.commitMetadata()));
                batch.finishedCounts().put(tp, partition.pendingCount());
                batch.outputs().addAll(partition.pendingOutputs());
                batch.tokens().addAll(partition.pendingTokens());
            }
        });
        return batch;
    }

    private void committed(Batch batch, long began) {
        batch.offsets().forEach((tp, offset) -> {
            loop.partitions
                    .get(tp)
                    .committed(offset.offset(), batch.finishedCounts().get(tp));
            if (loop.watch != null) {
                loop.watch.forgetBelow(tp, offset.offset());
            }
        });
        List<ProducerRecord<byte[], byte[]>> outputs = batch.outputs();
        committedOutputs += loop.leases == null
                ? outputs.size()
                : outputs.stream()
                        .filter(o -> !o.topic().equals(loop.options.claims().topic()))
                        .count();
        if (!batch.tokens().isEmpty()) {
            loop.processor.onCommitted(batch.tokens());
        }
        if (loop.leases != null) {
            work.handAll(loop.leases.committed(began, work.freeSlots()));
        }
    }

    /**
     * This instance may be a zombie (its producer fenced or its group generation stale): nothing it holds can be
     * committed with offsets. Without claims it drops it all; with claims, work that started goes on as handed-over
     * work. Then it gets a new producer and starts again from the committed offsets.
     */
    private void restartAsFenced(Consumer<byte[], byte[]> kafka, Exception cause, boolean producerFenced) {
        LOG.warn(
                "loop {} was fenced or lost its generation ({}); restarting from the committed offsets{}",
                loop.name(),
                cause.toString(),
                loop.leases == null
                        ? ", dropping " + loop.held() + " unfinished records"
                        : "; work that started goes on and is released when it ends");
        if (loop.leases != null) {
            loop.leases.aborted();
        }
        if (producerFenced) {
            loop.writer.renew();
        }
        Set<TopicPartition> owned = loop.partitions.owned();
        ownership.giveUp(owned);
        if (!owned.isEmpty()) {
            ownership.initialise(kafka, owned, true);
        }
    }
}
