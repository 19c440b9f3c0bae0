package io.hookstream.kafka.internal;

import io.hookstream.kafka.Processed;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one assigned partition has in hand, touched only by the consumer's thread: records polled but not yet
 * admitted, records waiting behind an earlier record of the same key, the offsets handed out and not finished,
 * offsets finished above the committable one, and the outputs of finished records not yet committed.
 */
public final class KeyedPartition {

    /**
     * A record that finished, with what it produced, not committed yet; {@code record} is null for what a tick of
     * the processor added to the partition.
     */
    public record Finished(ConsumerRecord<byte[], byte[]> record, Processed<?> processed) {

        public List<ProducerRecord<byte[], byte[]>> outputs() {
            return processed.outputs();
        }
    }

    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> incoming = new ArrayDeque<>();
    private final Map<ByteBuffer, ArrayDeque<ConsumerRecord<byte[], byte[]>>> waitingByKey = new HashMap<>();
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private final TreeSet<Long> finishedAbove;
    private final List<Finished> pending = new ArrayList<>();
    private long committed;
    private long highestSeen;
    private boolean dirty;
    private boolean ready;

    public KeyedPartition(long committed, NavigableSet<Long> finishedAbove) {
        this.committed = committed;
        // not the highest finished offset: the records between the committed offset and it are not fetched yet
        this.highestSeen = committed - 1;
        this.finishedAbove = new TreeSet<>(finishedAbove);
    }

    /** Queues a polled record; false when it finished before (its offset is in the committed metadata). */
    public boolean offer(ConsumerRecord<byte[], byte[]> record) {
        if (record.offset() < committed || finishedAbove.contains(record.offset())) {
            return false;
        }
        incoming.add(record);
        return true;
    }

    /** Records polled and not yet admitted. */
    public int queued() {
        return incoming.size();
    }

    public boolean hasIncoming() {
        return !incoming.isEmpty();
    }

    /** True while the span from the committable offset to the newest admitted one can be described in metadata. */
    public boolean canAdmit() {
        return highestSeen - committableOffset() < FinishedOffsetsCodec.MAX_SPAN - 1;
    }

    /**
     * Admits the next incoming record: returns it when its key is idle (the caller hands it out), or null when it
     * waits behind an earlier record of its key.
     */
    public ConsumerRecord<byte[], byte[]> admit() {
        ConsumerRecord<byte[], byte[]> record = incoming.poll();
        unfinished.add(record.offset());
        highestSeen = Math.max(highestSeen, record.offset());
        ByteBuffer key = keyOf(record);
        ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = waitingByKey.get(key);
        if (queue != null) {
            queue.add(record);
            return null;
        }
        waitingByKey.put(key, new ArrayDeque<>());
        return record;
    }

    /**
     * Records a finished record and what it produced; returns the next record of the same key to hand out, or null.
     */
    public ConsumerRecord<byte[], byte[]> finish(ConsumerRecord<byte[], byte[]> record, Processed<?> processed) {
        unfinished.remove(record.offset());
        finishedAbove.add(record.offset());
        pending.add(new Finished(record, processed));
        dirty = true;
        ByteBuffer key = keyOf(record);
        ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = waitingByKey.get(key);
        ConsumerRecord<byte[], byte[]> next = queue == null ? null : queue.poll();
        if (next == null) {
            waitingByKey.remove(key);
        }
        return next;
    }

    /** Adds what a tick of the processor produced for this partition: committed with its next offsets. */
    public void addTicked(Processed<?> processed) {
        pending.add(new Finished(null, processed));
        dirty = true;
    }

    /** Records handed out or waiting for their key, not yet finished. */
    public int held() {
        return unfinished.size();
    }

    /**
     * The offset a commit would name: the lowest unfinished, or one past everything admitted and the finished
     * offsets that directly follow it. Never past a record not fetched yet.
     */
    public long committableOffset() {
        if (!unfinished.isEmpty()) {
            return unfinished.first();
        }
        long next = Math.max(committed, highestSeen + 1);
        while (finishedAbove.contains(next)) {
            next++;
        }
        return next;
    }

    public boolean needsCommit() {
        return dirty;
    }

    /** The metadata for a commit at {@link #committableOffset()}: finished offsets above it. */
    public String commitMetadata() {
        long at = committableOffset();
        return FinishedOffsetsCodec.encode(at, finishedAbove.tailSet(at, false));
    }

    /** The outputs of finished records (and ticks) not committed yet, in the order they finished. */
    public List<ProducerRecord<byte[], byte[]>> pendingOutputs() {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        pending.forEach(f -> outputs.addAll(f.outputs()));
        return outputs;
    }

    /** The non-null tokens of finished records (and ticks) not committed yet, in the order they finished. */
    public List<Object> pendingTokens() {
        List<Object> tokens = new ArrayList<>();
        pending.forEach(f -> {
            if (f.processed().token() != null) {
                tokens.add(f.processed().token());
            }
        });
        return tokens;
    }

    /** Finished records (and ticks) not committed yet. */
    public int pendingCount() {
        return pending.size();
    }

    /** After a successful commit: forget the first {@code finishedCommitted} finished records and offsets below. */
    public void committed(long offset, int finishedCommitted) {
        committed = offset;
        finishedAbove.headSet(offset, false).clear();
        pending.subList(0, finishedCommitted).clear();
        dirty = !pending.isEmpty();
    }

    /**
     * Takes the finished records whose outputs are not committed (the partition is being given up); what ticks
     * added is discarded (the partition's next owner ticks for it).
     */
    public List<Finished> takeUncommitted() {
        List<Finished> taken = pending.stream().filter(f -> f.record() != null).toList();
        pending.clear();
        return taken;
    }

    /** The last offset committed (or read from the group at assignment). */
    public long committedOffset() {
        return committed;
    }

    /** True once the partition's preparation is done and its records may be admitted. */
    public boolean ready() {
        return ready;
    }

    public void markReady() {
        ready = true;
    }

    private static ByteBuffer keyOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            // records without a key have no order to keep: each is its own key (NUL-prefixed, unlike real keys)
            return ByteBuffer.allocate(9).put((byte) 0).putLong(record.offset()).flip();
        }
        return ByteBuffer.wrap(record.key());
    }
}
