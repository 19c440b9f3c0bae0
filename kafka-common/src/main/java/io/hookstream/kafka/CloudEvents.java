package io.hookstream.kafka;

import io.hookstream.schemas.UtcInstants;
import io.hookstream.schemas.event.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Writes and reads CloudEvents 1.0 Kafka binary-mode headers. */
public final class CloudEvents {

    private CloudEvents() {}

    /**
     * Headers of one event.
     *
     * @param type    one of the {@code TYPE_*} constants of {@link CloudEventHeaders}
     * @param source  the producing component, e.g. {@code /hookstream/dispatcher/host-1}
     * @param id      unique per event (a stable id makes a re-send recognisable)
     * @param subject what the event is about (run id, or run id/hook), may be null
     */
    public static List<Header> headers(String type, String source, String id, String subject) {
        List<Header> headers = new ArrayList<>(7);
        headers.add(header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0));
        headers.add(header(CloudEventHeaders.ID, id == null ? UUID.randomUUID().toString() : id));
        headers.add(header(CloudEventHeaders.TYPE, type));
        headers.add(header(CloudEventHeaders.SOURCE, source));
        headers.add(header(CloudEventHeaders.TIME, UtcInstants.format(Instant.now())));
        if (subject != null) {
            headers.add(header(CloudEventHeaders.SUBJECT, subject));
        }
        headers.add(header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
        return headers;
    }

    public static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The last value of a header as UTF-8, or null. */
    public static String lastValue(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every {@code ce_*} header and {@code content-type}, for logs and for reading CloudEvents input. */
    public static Map<String, String> attributes(Headers headers) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (headers == null) {
            return attributes;
        }
        for (Header header : headers) {
            if (header.key().startsWith("ce_") || header.key().equals(CloudEventHeaders.CONTENT_TYPE)) {
                attributes.put(
                        header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return attributes;
    }
}
