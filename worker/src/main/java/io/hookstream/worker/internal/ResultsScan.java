package io.hookstream.worker.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.EventIds;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the committed results of the last {@code window} from given partitions of the results topic and reports
 * the hook id of each. Results are keyed by run id like hook events, so partition {@code p} of the results topic
 * holds the results of the hooks of partition {@code p} of each hook topic (all topics have the same partition
 * count). Blocking; bounded by {@code timeout}.
 */
final class ResultsScan {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsScan.class);

    /** Receives each hook id found, with its result's timestamp. */
    interface Sink {
        void found(String hookId, long timestamp);
    }

    private ResultsScan() {
    }

    static int scan(Properties clientProperties, String resultsTopic, Collection<Integer> partitions, Duration window,
                    Duration timeout, Sink sink) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG, "hookstream")
                + "-results-scan");
        long deadline = System.nanoTime() + timeout.toNanos();
        int found = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(resultsTopic, p)).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = System.currentTimeMillis() - window.toMillis();
            tps.forEach(tp -> since.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, timeout);
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    java.util.Optional<String> hookId = EventIds.hookIdOfResult(
                            CloudEvents.lastValue(record.headers(), CloudEventHeaders.ID));
                    if (hookId.isPresent()) {
                        sink.found(hookId.get(), record.timestamp());
                        found++;
                    }
                }
            }
            if (System.nanoTime() >= deadline) {
                LOG.warn("scanning {} partitions {} for earlier results took longer than {}; duplicates of older"
                        + " hook events may run again", resultsTopic, partitions, timeout);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not scan {} for earlier results ({}); duplicates of older hook events may run again",
                    resultsTopic, e.toString());
        }
        return found;
    }
}
