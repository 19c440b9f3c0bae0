package io.hookstream.cli.internal;

import io.hookstream.kafka.DeadLetterInfo;
import io.hookstream.kafka.DeadLetterReplayCommand;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic, read through the {@link DeadLetterHeaders} that kafka-common's
 * {@code OutboundRecords.deadLetter} adds: the original key, value and headers come first and unchanged, then the
 * {@code hookstream.dlq.*} headers, then (only when the original was no CloudEvent) CloudEvents headers describing
 * the dead letter itself, of type {@code io.hookstream.dead-letter}.
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        Instant time,
        byte[] key,
        byte[] value,
        List<Header> headers,
        String reason,
        String message,
        String component,
        String originTopic,
        Integer originPartition,
        Long originOffset,
        Instant originTime) {

    private static final String DLQ_HEADER_PREFIX = "hookstream.dlq.";
    public static final List<String> HEADER = List.of("TIME", "REASON", "COMPONENT", "ORIGIN", "KEY", "MESSAGE");

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        DeadLetterInfo info = DeadLetterInfo.of(record.headers());
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key(),
                record.value(),
                List.copyOf(headers),
                info.reason(),
                info.message(),
                info.component(),
                info.originTopic(),
                info.originPartition(),
                info.originOffset(),
                info.originTimestamp() == null ? null : Instant.ofEpochMilli(info.originTimestamp()));
    }

    /** Where this dead letter is: {@code <dlq topic>-<partition>-<offset>}, the key of its replay record. */
    public String id() {
        return DeadLetterReplayCommand.id(topic, partition, offset);
    }

    /** {@code topic-partition@offset} of the original record, or {@code -}. */
    public String origin() {
        if (originTopic == null) {
            return "-";
        }
        return originTopic
                + (originPartition == null ? "" : "-" + originPartition)
                + (originOffset == null ? "" : "@" + originOffset);
    }

    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /**
     * The original record's headers: every header but the {@code hookstream.dlq.*} ones and, when the dead letter
     * describes itself as a CloudEvent of type {@code io.hookstream.dead-letter} (the original was none), its
     * {@code ce_*} headers.
     */
    public List<Header> originalHeaders() {
        boolean addedCloudEvent = headers.stream()
                .anyMatch(h -> h.key().equals(CloudEventHeaders.TYPE)
                        && h.value() != null
                        && CloudEventHeaders.TYPE_DEAD_LETTER.equals(new String(h.value(), StandardCharsets.UTF_8)));
        List<Header> original = new ArrayList<>();
        for (Header header : headers) {
            if (header.key().startsWith(DLQ_HEADER_PREFIX)
                    || addedCloudEvent && header.key().startsWith("ce_")) {
                continue;
            }
            original.add(header);
        }
        return original;
    }

    public List<String> row() {
        return List.of(Durations.time(time), dash(reason), dash(component), origin(), dash(keyText()), dash(message));
    }

    /** For JSON and YAML: everything but the value (which may hold hook params). */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id());
        view.put("time", time.toString());
        view.put("reason", reason);
        view.put("message", message);
        view.put("component", component);
        view.put("originTopic", originTopic);
        view.put("originPartition", originPartition);
        view.put("originOffset", originOffset);
        view.put("originTime", originTime == null ? null : originTime.toString());
        view.put("key", keyText());
        view.put("valueBytes", value == null ? 0 : value.length);
        view.values().removeIf(Objects::isNull);
        return view;
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
