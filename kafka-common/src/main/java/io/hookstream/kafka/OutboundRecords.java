package io.hookstream.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Builds the records hookstream writes: JSON events keyed by run id, and dead letters. */
public final class OutboundRecords {

    private static final int MAX_DEAD_LETTER_MESSAGE = 1024;

    private OutboundRecords() {}

    /** An event as JSON, keyed by {@code key} (a run id), with the given headers. */
    public static ProducerRecord<byte[], byte[]> json(String topic, String key, Object event, List<Header> headers) {
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new KafkaSupportException(
                    "UnwritableEvent",
                    "could not write " + event.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(),
                    e);
        }
        return new ProducerRecord<>(
                topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    /**
     * A dead letter: the original key, value and headers unchanged, plus {@code hookstream.dlq.*} headers with the
     * reason, a message and where the record came from.
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(
            String dlqTopic, String component, ConsumerRecord<byte[], byte[]> record, String reason, String message) {
        String shortMessage = message == null
                ? ""
                : message.length() > MAX_DEAD_LETTER_MESSAGE
                        ? message.substring(0, MAX_DEAD_LETTER_MESSAGE) + "…"
                        : message;
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
            headers.addAll(CloudEvents.headers(
                    CloudEventHeaders.TYPE_DEAD_LETTER,
                    "/hookstream/" + component,
                    null,
                    record.topic() + "-" + record.partition() + "@" + record.offset()));
            headers.removeIf(h -> h.key().equals(CloudEventHeaders.CONTENT_TYPE));
        }
        return new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), headers);
    }
}
