package io.hookstream.loadtest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the Kafka baseline's records: the hook id travels in the {@value #HOOK_HEADER} header, the run id is the
 * key. The value (a replayed hookstream record) is parsed all the same, so the tool spends as much per record on
 * the baseline as on hookstream.
 */
public final class BaselineDecoder implements RecordDecoder {

    /** The header that carries the hook id through the baseline's hops. */
    public static final String HOOK_HEADER = "loadtest-hook";

    @Override
    public void decode(Hop hop, ConsumerRecord<byte[], byte[]> record, long nowNanos, Tracker tracker) {
        RunIds ids = tracker.ids();
        if (!ids.ours(record.key())) {
            return;
        }
        parse(record.value());
        switch (hop) {
            case HOOK_EVENT -> {
                int hook = ids.hookIndex(CloudEvents.lastValue(record.headers(), HOOK_HEADER));
                if (hook >= 0) {
                    tracker.onHookEvent(hook, record.timestamp());
                }
            }
            case RESULT -> {
                int hook = ids.hookIndex(CloudEvents.lastValue(record.headers(), HOOK_HEADER));
                if (hook >= 0) {
                    tracker.onResult(hook, nowNanos, null, -1, record.timestamp());
                }
            }
            case OUTCOME -> {
                int run = ids.runSeq(new String(record.key(), StandardCharsets.UTF_8));
                if (run >= 0) {
                    tracker.onOutcome(run, nowNanos, "Succeeded", null);
                }
            }
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return value == null ? null : Json.mapper().readTree(value);
        } catch (IOException e) {
            return null;
        }
    }
}
