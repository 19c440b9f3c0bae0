package io.hookstream.kafka;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one consumed record into the records it causes. Called on the consumer's thread, so it must hand work
 * off and return at once. The outputs are written in a transaction together with the consumed offsets, so
 * each record's outputs are committed exactly once; a record whose stage fails is logged and finishes with no
 * output. Records with the same key are handed out one at a time, in order.
 */
public interface TransactionalProcessor {

    CompletionStage<List<ProducerRecord<byte[], byte[]>>> process(ConsumerRecord<byte[], byte[]> record);

    /** Partitions newly assigned, before their records arrive; called on the consumer's thread. */
    default void onAssigned(Collection<TopicPartition> partitions) {
    }

    /**
     * Partitions whose unfinished work was dropped (revoked, lost, or this instance was fenced): outputs of their
     * records that finished but were not committed are discarded, and those records will be processed again.
     */
    default void onDropped(Collection<TopicPartition> partitions) {
    }

    /**
     * What to commit instead of a record's outputs when one of them is larger than a Kafka record may be (it would
     * fail every transaction it is in): typically a dead letter of {@code record} saying {@code problem}. Default:
     * nothing, the record finishes with no output. Called on the thread that completed the record's stage.
     */
    default List<ProducerRecord<byte[], byte[]>> onOutputTooLarge(ConsumerRecord<byte[], byte[]> record,
                                                                   String problem) {
        return List.of();
    }

    /** Outputs that were just committed; called on the consumer's thread. */
    default void onCommitted(List<ProducerRecord<byte[], byte[]>> outputs) {
    }
}
