package io.hookstream.loadtest.internal;

import java.util.List;
import org.apache.kafka.common.header.Header;

/** One record as hookstream wrote it (value and headers), which the Kafka baseline replays at the same size. */
public record SampleRecord(byte[] value, List<Header> headers) {

    public int size() {
        int size = value.length;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }
}
