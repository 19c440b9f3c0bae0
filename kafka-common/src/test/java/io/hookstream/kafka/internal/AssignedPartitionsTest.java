package io.hookstream.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How an assigned partition starts from its committed offset (the part of the rebalance callback with no broker). */
class AssignedPartitionsTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aPartitionStartsAtItsCommittedOffsetSkippingTheFinishedOnesItsMetadataLists() {
        String metadata = FinishedOffsetsCodec.encode(20, new TreeSet<>(List.of(22L)));

        KeyedPartition partition = AssignedPartitions.startAt(TP, new OffsetAndMetadata(20, metadata));

        assertThat(partition.committedOffset()).isEqualTo(20);
        assertThat(partition.offer(record(20))).isTrue();
        assertThat(partition.offer(record(21))).isTrue();
        assertThat(partition.offer(record(22))).as("finished before").isFalse();
    }

    @Test
    void aCorruptMetadataValueStartsThePartitionAtItsCommittedOffsetWithNothingFinishedInsteadOfThrowing() {
        KeyedPartition partition = AssignedPartitions.startAt(TP, new OffsetAndMetadata(20, "hs1:%%%corrupt%%%"));

        assertThat(partition.committedOffset()).isEqualTo(20);
        assertThat(partition.offer(record(19))).isFalse();
        assertThat(partition.offer(record(20))).isTrue();
        assertThat(partition.offer(record(21))).isTrue();
        assertThat(partition.committableOffset()).isEqualTo(20);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>(
                TP.topic(), TP.partition(), offset, "k".getBytes(StandardCharsets.UTF_8), new byte[0]);
    }
}
