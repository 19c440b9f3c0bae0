package io.hookstream.kafka;

import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what could not be processed to the dead-letter topic: the original key, value and headers unchanged,
 * plus headers with the reason, a message and where the record came from.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final int MAX_MESSAGE_LENGTH = 1024;

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
        String shortMessage = message == null ? "" : message.length() > MAX_MESSAGE_LENGTH
                ? message.substring(0, MAX_MESSAGE_LENGTH) + "…" : message;
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        headers.add(CloudEvents.header(DeadLetterHeaders.REASON, reason));
        headers.add(CloudEvents.header(DeadLetterHeaders.MESSAGE, shortMessage));
        headers.add(CloudEvents.header(DeadLetterHeaders.ORIGIN_TOPIC, record.topic()));
        headers.add(CloudEvents.header(DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(record.partition())));
        headers.add(CloudEvents.header(DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(record.offset())));
        headers.add(CloudEvents.header(DeadLetterHeaders.ORIGIN_TIMESTAMP, Long.toString(record.timestamp())));
        headers.add(CloudEvents.header(DeadLetterHeaders.COMPONENT, component));
        if (record.headers().lastHeader(CloudEventHeaders.SPEC_VERSION) == null) {
            // the original was no CloudEvent: describe the dead letter itself as one
            headers.addAll(CloudEvents.headers(CloudEventHeaders.TYPE_DEAD_LETTER, "/hookstream/" + component,
                    null, record.topic() + "-" + record.partition() + "@" + record.offset()));
            headers.removeIf(h -> h.key().equals(CloudEventHeaders.CONTENT_TYPE));
        }
        LOG.warn("dead letter: {}-{}@{} reason={} {}", record.topic(), record.partition(), record.offset(), reason,
                shortMessage);
        return publisher.publish(topic, record.key(), record.value(), headers);
    }
}
