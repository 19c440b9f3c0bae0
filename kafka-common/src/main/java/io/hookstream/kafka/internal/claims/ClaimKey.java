package io.hookstream.kafka.internal.claims;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The record a claim is about: topic, partition and offset. Written as the claim's Kafka key
 * {@code <topic>/<partition>/<offset>} (topic names cannot contain {@code /}).
 */
public record ClaimKey(TopicPartition partition, long offset) {

    public static ClaimKey of(ConsumerRecord<?, ?> record) {
        return new ClaimKey(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    /** The key read back, or null when {@code text} is no claim key. */
    public static ClaimKey parse(String text) {
        if (text == null) {
            return null;
        }
        int last = text.lastIndexOf('/');
        int middle = last <= 0 ? -1 : text.lastIndexOf('/', last - 1);
        if (middle <= 0) {
            return null;
        }
        try {
            return new ClaimKey(
                    new TopicPartition(text.substring(0, middle), Integer.parseInt(text.substring(middle + 1, last))),
                    Long.parseLong(text.substring(last + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return partition.topic() + "/" + partition.partition() + "/" + offset;
    }
}
