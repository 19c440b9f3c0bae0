package io.hookstream.loadtest.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The first record of each hop seen in the hookstream pass, kept so the Kafka baseline moves records of the same
 * sizes and content. A hop never seen falls back to a JSON-like filler of a typical size.
 */
public final class Samples {

    private static final int FALLBACK_BYTES = 700;

    private final Map<Hop, SampleRecord> samples = new EnumMap<>(Hop.class);
    private volatile int requestBytes;

    /** Keeps {@code record} as the sample of {@code hop} when there is none yet (collector thread). */
    public void offer(Hop hop, ConsumerRecord<byte[], byte[]> record) {
        if (samples.containsKey(hop)) {
            return;
        }
        List<Header> headers = new ArrayList<>();
        record.headers()
                .forEach(h -> headers.add(new RecordHeader(
                        h.key(), h.value() == null ? null : Arrays.copyOf(h.value(), h.value().length))));
        synchronized (samples) {
            samples.putIfAbsent(
                    hop,
                    new SampleRecord(
                            record.value() == null
                                    ? new byte[0]
                                    : record.value().clone(),
                            List.copyOf(headers)));
        }
    }

    public void requestBytes(int bytes) {
        requestBytes = bytes;
    }

    public SampleRecord get(Hop hop) {
        synchronized (samples) {
            SampleRecord sample = samples.get(hop);
            if (sample != null) {
                return sample;
            }
        }
        String filler = "{\"filler\":\"" + "x".repeat(FALLBACK_BYTES) + "\"}";
        return new SampleRecord(filler.getBytes(StandardCharsets.UTF_8), List.of());
    }

    public boolean has(Hop hop) {
        synchronized (samples) {
            return samples.containsKey(hop);
        }
    }

    /** Record sizes (value plus headers) per hop, for the summary. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("request", requestBytes);
        sizes.put("hookEvent", has(Hop.HOOK_EVENT) ? get(Hop.HOOK_EVENT).size() : null);
        sizes.put("result", has(Hop.RESULT) ? get(Hop.RESULT).size() : null);
        sizes.put("outcome", has(Hop.OUTCOME) ? get(Hop.OUTCOME).size() : null);
        return sizes;
    }
}
