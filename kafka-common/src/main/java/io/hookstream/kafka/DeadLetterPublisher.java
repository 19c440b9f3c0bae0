package io.hookstream.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what could not be processed to the dead-letter topic (see {@link OutboundRecords#deadLetter}) through a
 * non-transactional publisher.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final EventPublisher publisher;
    private final String topic;
    private final String component;

    public DeadLetterPublisher(EventPublisher publisher, String topic, String component) {
        this.publisher = publisher;
        this.topic = topic;
        this.component = component;
    }

    public CompletableFuture<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> record, String reason,
                                                     String message) {
        LOG.warn("dead letter: {}-{}@{} reason={} {}", record.topic(), record.partition(), record.offset(), reason,
                message);
        return publisher.publish(OutboundRecords.deadLetter(topic, component, record, reason, message));
    }
}
