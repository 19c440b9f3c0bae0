package io.hookstream.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.Processed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** One partition's bookkeeping: per-key order, the committable offset and its metadata, pending outputs. */
class KeyedPartitionTest {

    private static final String TOPIC = "t";

    @Test
    void aRecordWaitsBehindAnEarlierRecordOfItsKeyWhileOtherKeysGoAhead() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> a0 = record(0, "a");
        ConsumerRecord<byte[], byte[]> a1 = record(1, "a");
        ConsumerRecord<byte[], byte[]> b2 = record(2, "b");
        List.of(a0, a1, b2).forEach(partition::offer);

        assertThat(partition.admit()).isSameAs(a0);
        assertThat(partition.admit()).as("a1 waits behind a0").isNull();
        assertThat(partition.admit()).as("another key goes ahead").isSameAs(b2);
        assertThat(partition.held()).isEqualTo(3);
        assertThat(partition.hasIncoming()).isFalse();

        assertThat(partition.finish(b2, Processed.none()))
                .as("nothing waits behind b2")
                .isNull();
        assertThat(partition.finish(a0, Processed.none()))
                .as("a0 done: a1 is handed out")
                .isSameAs(a1);
        assertThat(partition.finish(a1, Processed.none())).isNull();
        assertThat(partition.held()).isZero();
    }

    @Test
    void aKeyIsFreeAgainOnceItsQueueIsEmpty() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> first = record(0, "a");
        partition.offer(first);
        partition.finish(partition.admit(), Processed.none());
        ConsumerRecord<byte[], byte[]> second = record(1, "a");
        partition.offer(second);

        assertThat(partition.admit()).isSameAs(second);
    }

    @Test
    void recordsWithoutAKeyNeverWaitForEachOther() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        partition.offer(record(0, null));
        partition.offer(record(1, null));

        assertThat(partition.admit()).isNotNull();
        assertThat(partition.admit()).isNotNull();
    }

    @Test
    void theCommittableOffsetIsTheLowestUnfinishedWithTheFinishedOnesAboveInTheMetadata() {
        KeyedPartition partition = new KeyedPartition(10, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> r10 = record(10, "a");
        ConsumerRecord<byte[], byte[]> r11 = record(11, "b");
        ConsumerRecord<byte[], byte[]> r12 = record(12, "c");
        List.of(r10, r11, r12).forEach(r -> {
            partition.offer(r);
            partition.admit();
        });
        assertThat(partition.committableOffset()).isEqualTo(10);
        assertThat(partition.needsCommit()).isFalse();

        partition.finish(r12, Processed.none());
        partition.finish(r11, Processed.none());

        assertThat(partition.needsCommit()).isTrue();
        assertThat(partition.committableOffset()).as("10 still runs").isEqualTo(10);
        assertThat(FinishedOffsetsCodec.decode(10, partition.commitMetadata()).finished())
                .containsExactly(11L, 12L);

        partition.finish(r10, Processed.none());
        assertThat(partition.committableOffset()).as("one past everything seen").isEqualTo(13);
        assertThat(partition.commitMetadata()).isEmpty();
    }

    @Test
    void offsetsMissingFromThePartitionAreCommittedPast() {
        // transaction markers leave gaps in a read_committed partition's offsets
        KeyedPartition partition = new KeyedPartition(10, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> r10 = record(10, "a");
        ConsumerRecord<byte[], byte[]> r12 = record(12, "b");
        partition.offer(r10);
        partition.offer(r12);
        partition.finish(partition.admit(), Processed.none());
        partition.finish(partition.admit(), Processed.none());

        assertThat(partition.committableOffset()).isEqualTo(13);
    }

    @Test
    void recordsFinishedBeforeTheRestartAreRefusedAndOlderOnesToo() {
        KeyedPartition partition = new KeyedPartition(10, new TreeSet<>(List.of(12L, 14L)));

        assertThat(partition.offer(record(9, "a")))
                .as("below the committed offset")
                .isFalse();
        assertThat(partition.offer(record(10, "a"))).isTrue();
        assertThat(partition.offer(record(12, "a")))
                .as("listed in the metadata")
                .isFalse();
        assertThat(partition.offer(record(13, "a"))).isTrue();
        assertThat(partition.queued()).isEqualTo(2);
        assertThat(partition.committedOffset()).isEqualTo(10);
    }

    @Test
    void afterARestartARecordNotFetchedYetIsNeverCommittedPast() {
        // committed 10, with 15 listed as finished; only 10 and 11 are fetched when 10 finishes
        KeyedPartition partition = new KeyedPartition(10, new TreeSet<>(List.of(15L)));
        ConsumerRecord<byte[], byte[]> r10 = record(10, "a");
        partition.offer(r10);
        partition.offer(record(11, "b"));
        partition.admit();

        partition.finish(r10, Processed.none());

        assertThat(partition.committableOffset()).as("11 to 14 have not run").isEqualTo(11);
        assertThat(FinishedOffsetsCodec.decode(11, partition.commitMetadata()).finished())
                .containsExactly(15L);
        partition.committed(partition.committableOffset(), 1);
        assertThat(partition.offer(record(12, "c")))
                .as("fetched later, 12 still runs")
                .isTrue();
    }

    @Test
    void aFinishedOffsetSkippedWithNothingQueuedIsCommittedPast() {
        KeyedPartition partition = new KeyedPartition(10, new TreeSet<>(List.of(11L)));
        ConsumerRecord<byte[], byte[]> r10 = record(10, "a");
        partition.offer(r10);
        partition.finish(partition.admit(), Processed.none());
        assertThat(partition.offer(record(11, "b"))).isFalse();

        assertThat(partition.committableOffset()).isEqualTo(12);
        assertThat(partition.commitMetadata()).isEmpty();
    }

    @Test
    void pendingOutputsAndTokensAreKeptInFinishingOrderUntilCommitted() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> r0 = record(0, "a");
        ConsumerRecord<byte[], byte[]> r1 = record(1, "b");
        partition.offer(r0);
        partition.offer(r1);
        partition.admit();
        partition.admit();
        ProducerRecord<byte[], byte[]> out0 = output("zero");
        ProducerRecord<byte[], byte[]> out1a = output("one-a");
        ProducerRecord<byte[], byte[]> out1b = output("one-b");

        partition.finish(r1, Processed.of(List.of(out1a, out1b), "token-1"));
        partition.finish(r0, Processed.of(List.of(out0), "token-0"));

        assertThat(partition.pendingOutputs()).containsExactly(out1a, out1b, out0);
        assertThat(partition.pendingTokens()).containsExactly("token-1", "token-0");
        assertThat(partition.pendingCount()).isEqualTo(2);

        partition.committed(1, 1); // a commit that took r1's outputs only
        assertThat(partition.pendingOutputs()).containsExactly(out0);
        assertThat(partition.pendingTokens()).containsExactly("token-0");
        assertThat(partition.needsCommit()).isTrue();
        assertThat(partition.committedOffset()).isEqualTo(1);

        partition.committed(2, 1);
        assertThat(partition.pendingOutputs()).isEmpty();
        assertThat(partition.needsCommit()).isFalse();
    }

    @Test
    void uncommittedFinishedRecordsAreHandedOverWhenThePartitionIsGivenUp() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> r0 = record(0, "a");
        partition.offer(r0);
        partition.admit();
        partition.finish(r0, Processed.of(List.of(output("x")), "token"));

        assertThat(partition.takeUncommitted()).singleElement().satisfies(f -> {
            assertThat(f.record()).isSameAs(r0);
            assertThat(f.processed().token()).isEqualTo("token");
        });
        assertThat(partition.pendingOutputs()).isEmpty();
    }

    @Test
    void aTicksOutputsAreCommittedWithThePartitionsOffsetInOrderWithFinishedRecords() {
        KeyedPartition partition = new KeyedPartition(5, new TreeSet<>());
        ConsumerRecord<byte[], byte[]> r5 = record(5, "a");
        partition.offer(r5);
        partition.admit();
        ProducerRecord<byte[], byte[]> ticked = output("deadline");

        partition.addTicked(Processed.of(List.of(ticked), "tick"));
        assertThat(partition.needsCommit())
                .as("a tick alone makes the partition commit")
                .isTrue();
        assertThat(partition.committableOffset())
                .as("a tick does not move the offset")
                .isEqualTo(5);
        partition.finish(r5, Processed.of(List.of(output("five")), "five"));

        assertThat(partition.pendingOutputs())
                .extracting(ProducerRecord::value)
                .containsExactly(ticked.value(), output("five").value());
        assertThat(partition.pendingTokens()).containsExactly("tick", "five");
        assertThat(partition.pendingCount()).isEqualTo(2);
        partition.committed(6, 2);
        assertThat(partition.needsCommit()).isFalse();
        assertThat(partition.pendingTokens()).isEmpty();
    }

    @Test
    void aTicksUncommittedOutputsAreDiscardedWhenThePartitionIsGivenUp() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        partition.addTicked(Processed.of(List.of(output("deadline")), "tick"));

        assertThat(partition.takeUncommitted())
                .as("the next owner ticks for the partition")
                .isEmpty();
        assertThat(partition.pendingOutputs()).isEmpty();
    }

    @Test
    void aPartitionIsNotReadyUntilMarked() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        assertThat(partition.ready()).isFalse();

        partition.markReady();

        assertThat(partition.ready()).isTrue();
    }

    @Test
    void admissionStopsWhileTheUnfinishedSpanCannotBeDescribedInMetadata() {
        KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());
        partition.offer(record(0, "slow"));
        partition.admit(); // 0 stays unfinished
        long last = FinishedOffsetsCodec.MAX_SPAN - 1;
        partition.offer(record(last - 1, "x"));
        partition.admit();
        assertThat(partition.canAdmit()).isTrue();

        partition.offer(record(last, "y"));
        partition.admit();

        assertThat(partition.canAdmit()).isFalse();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key) {
        return new ConsumerRecord<>(
                TOPIC, 0, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private static ProducerRecord<byte[], byte[]> output(String value) {
        return new ProducerRecord<>("out", value.getBytes(StandardCharsets.UTF_8));
    }
}
