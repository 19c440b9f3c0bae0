package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.TopicScan;
import io.hookstream.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the dispatcher's state topic (read_committed, from the beginning): the last snapshot of every run in
 * given partitions. Used when partitions are assigned, and by the HTTP API for runs another instance owns.
 * Blocking.
 */
final class StateTopicReader {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopicReader.class);

    private final Properties clientProperties;
    private final String topic;

    StateTopicReader(Properties clientProperties, String topic) {
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    /** The latest snapshot of every run in {@code partitions}, by run id, with its partition. */
    Map<String, Map.Entry<Integer, RunSnapshot>> read(Collection<Integer> partitions, Duration timeout) {
        return read(partitions, null, timeout);
    }

    /** The latest snapshot of one run, or null. */
    RunSnapshot find(String runId, int partition, Duration timeout) {
        Map.Entry<Integer, RunSnapshot> entry =
                read(List.of(partition), runId, timeout).get(runId);
        return entry == null ? null : entry.getValue();
    }

    private Map<String, Map.Entry<Integer, RunSnapshot>> read(
            Collection<Integer> partitions, String onlyKey, Duration timeout) {
        Map<String, Map.Entry<Integer, RunSnapshot>> latest = new HashMap<>();
        TopicScan.Ending ending =
                TopicScan.read(clientProperties, "state-reader", topic, partitions, null, timeout, record -> {
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    if (key == null || (onlyKey != null && !onlyKey.equals(key))) {
                        return;
                    }
                    if (record.value() == null) {
                        latest.remove(key);
                        return;
                    }
                    try {
                        latest.put(
                                key,
                                Map.entry(
                                        record.partition(),
                                        Json.mapper().readValue(record.value(), RunSnapshot.class)));
                    } catch (IOException e) {
                        LOG.warn(
                                "unreadable run state for {} at {}-{}@{}: {}",
                                key,
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                e.getMessage());
                    }
                });
        if (ending == TopicScan.Ending.TIMED_OUT) {
            throw new IllegalStateException("reading " + topic + " " + partitions + " took longer than " + timeout);
        }
        return latest;
    }
}
