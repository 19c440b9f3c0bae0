package io.hookstream.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions a loop owns, each with its {@link KeyedPartition}, and which of them the consumer has paused.
 * Touched only by the loop's thread. A partition's state object is replaced whenever the partition is assigned or
 * reset, so holding on to the object (an "epoch") tells whether work started under it still belongs here.
 */
public final class AssignedPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(AssignedPartitions.class);

    /** Records not fetched yet and fetched but not handed out, summed over the partitions. */
    public record Backlog(long unfetched, int queued) {}

    private final Map<TopicPartition, KeyedPartition> partitions = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();

    public KeyedPartition get(TopicPartition tp) {
        return partitions.get(tp);
    }

    public Map<TopicPartition, KeyedPartition> all() {
        return partitions;
    }

    public Set<TopicPartition> owned() {
        return Set.copyOf(partitions.keySet());
    }

    /** Queues a polled record in its partition; false when the partition is gone or the record finished before. */
    public boolean offer(ConsumerRecord<byte[], byte[]> record) {
        KeyedPartition partition = partitions.get(new TopicPartition(record.topic(), record.partition()));
        return partition != null && partition.offer(record);
    }

    /** Records admitted and not finished, over every owned partition. */
    public int held() {
        int held = 0;
        for (KeyedPartition partition : partitions.values()) {
            held += partition.held();
        }
        return held;
    }

    public boolean anyNeedsCommit() {
        for (KeyedPartition partition : partitions.values()) {
            if (partition.needsCommit()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes over {@code assigned}: each starts at its committed offset (or the consumer's position) with the
     * finished offsets its metadata lists, paused and not ready. With {@code seek} the consumer is moved there
     * too (after a reset; on assignment it starts there anyway).
     *
     * @return the new state objects, the epoch of this assignment
     */
    public Map<TopicPartition, KeyedPartition> take(
            Consumer<byte[], byte[]> kafka, Collection<TopicPartition> assigned, boolean seek) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                ignoringWakeUps(() -> kafka.committed(new HashSet<>(assigned)));
        Map<TopicPartition, KeyedPartition> epoch = new HashMap<>();
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            KeyedPartition partition;
            if (offset == null) {
                if (seek) {
                    kafka.seekToBeginning(List.of(tp));
                }
                partition = new KeyedPartition(ignoringWakeUps(() -> kafka.position(tp)), new TreeSet<>());
            } else {
                if (seek) {
                    kafka.seek(tp, offset.offset());
                }
                partition = startAt(tp, offset);
            }
            partitions.put(tp, partition);
            epoch.put(tp, partition);
        }
        kafka.pause(assigned);
        paused.addAll(assigned);
        return epoch;
    }

    /**
     * The state of {@code tp} from its committed offset: the finished offsets its metadata lists, or none when the
     * metadata is refused (said in one WARN; never an exception out of the rebalance callback).
     */
    static KeyedPartition startAt(TopicPartition tp, OffsetAndMetadata offset) {
        long start = offset.offset();
        FinishedOffsetsCodec.Decoded decoded = FinishedOffsetsCodec.decode(start, offset.metadata());
        if (decoded.refusal() != null) {
            LOG.warn(
                    "{}: the metadata of committed offset {} ('{}') is not a list of finished offsets this version"
                            + " wrote: {}. Refused: the partition starts at offset {} with nothing finished above it, so"
                            + " records above it that had finished are processed again (safe: workers skip a hook id they"
                            + " ran, the dispatcher ignores a repeated request or result)",
                    tp,
                    start,
                    abbreviated(offset.metadata()),
                    decoded.refusal(),
                    start);
        }
        return new KeyedPartition(start, decoded.finished());
    }

    private static String abbreviated(String metadata) {
        return metadata.length() <= 64 ? metadata : metadata.substring(0, 64) + "…";
    }

    /** The partitions of {@code epoch} that are still owned with the same state (not revoked or reset since). */
    public List<TopicPartition> stillOwned(Map<TopicPartition, KeyedPartition> epoch) {
        return epoch.entrySet().stream()
                .filter(e -> e.getValue() != null && partitions.get(e.getKey()) == e.getValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Forgets {@code gone}.
     *
     * @return the partition numbers no owned partition has any more
     */
    public Set<Integer> remove(Collection<TopicPartition> gone) {
        for (TopicPartition tp : gone) {
            partitions.remove(tp);
            paused.remove(tp);
        }
        Set<Integer> unused = new HashSet<>();
        gone.forEach(tp -> unused.add(tp.partition()));
        partitions.keySet().forEach(tp -> unused.remove(tp.partition()));
        return unused;
    }

    /**
     * Pauses the partitions that must not be fetched (all of them when {@code full}; those with records waiting to
     * be admitted, or not ready) and resumes the others.
     *
     * @return how many are paused now
     */
    public int adjustPause(Consumer<byte[], byte[]> kafka, boolean full) {
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        partitions.forEach((tp, partition) -> {
            boolean shouldPause = full || partition.hasIncoming() || !partition.ready();
            if (shouldPause && !paused.contains(tp)) {
                pause.add(tp);
            } else if (!shouldPause && paused.contains(tp)) {
                resume.add(tp);
            }
        });
        if (!pause.isEmpty()) {
            kafka.pause(pause);
            paused.addAll(pause);
        }
        if (!resume.isEmpty()) {
            kafka.resume(resume);
            paused.removeAll(resume);
        }
        return paused.size();
    }

    /**
     * Records not fetched yet, and fetched but not admitted. A paused partition is not fetched, so the consumer's
     * own lag of it stands still while records arrive (a loop at its in-flight bound would show none waiting): its
     * end offset is asked for instead (one ListOffsets request, 200 ms at most; the consumer's figure when that
     * fails or is woken up).
     */
    public Backlog backlog(Consumer<byte[], byte[]> kafka) {
        Map<TopicPartition, Long> ends = Map.of();
        Set<TopicPartition> asked = new HashSet<>(paused);
        asked.retainAll(partitions.keySet());
        if (!asked.isEmpty()) {
            try {
                ends = kafka.endOffsets(asked, Duration.ofMillis(200));
            } catch (WakeupException | TimeoutException e) {
                ends = Map.of();
            }
        }
        long unfetched = 0;
        int queued = 0;
        for (Map.Entry<TopicPartition, KeyedPartition> entry : partitions.entrySet()) {
            TopicPartition tp = entry.getKey();
            Long end = ends.get(tp);
            long lag = kafka.currentLag(tp).orElse(0);
            if (end != null) {
                try {
                    lag = Math.max(0, end - kafka.position(tp, Duration.ofMillis(100)));
                } catch (WakeupException | TimeoutException e) {
                    // keep the consumer's own figure
                }
            }
            unfetched += lag;
            queued += entry.getValue().queued();
        }
        return new Backlog(unfetched, queued);
    }

    /**
     * Runs a blocking consumer call that a wake-up from another thread (a record finishing) must not abort: a
     * rebalance callback that failed half-way would leave partitions without state.
     */
    public static <T> T ignoringWakeUps(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException wakeup) {
                // a completion woke the consumer: try again
            }
        }
    }
}
