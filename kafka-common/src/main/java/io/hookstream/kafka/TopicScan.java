package io.hookstream.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads partitions of a topic once, up to the end offsets they have when the scan starts: a consumer of its own,
 * assigned (no group), {@code read_committed}, nothing committed. Starts at the beginning, or at the first record
 * at or after a time. Blocking; bounded by a timeout. Used where a service rebuilds what it needs from a topic: the
 * dispatcher's run state, the worker's recent results. Offsets that cannot be looked up within the timeout end the scan
 * as {@link Ending#TIMED_OUT}; other Kafka errors are thrown.
 *
 * <p>The end is the log end (high watermark) at the start, looked up by a {@code read_uncommitted} consumer, not the
 * {@code read_committed} consumer's own end offset: that is the last stable offset, which a transaction still open
 * pins below the records committed after it began (a crashed process's transaction, or one whose commit markers are
 * still being written after a broker restart). A scan bounded by it ends "read to the end" without those records;
 * bounded by the log end it waits until every transaction below it is decided, as Kafka Streams' restore does
 * (KAFKA-10167), or says {@link Ending#TIMED_OUT}.
 */
public final class TopicScan {

    private static final Duration POLL = Duration.ofMillis(100);

    private TopicScan() {}

    /** How a scan ended. */
    public enum Ending {
        /** every partition was read up to its end offset */
        READ_TO_END,
        /** the timeout passed first */
        TIMED_OUT
    }

    /**
     * Reads {@code partitions} of {@code topic} up to their end offsets of now.
     *
     * @param clientProperties common client properties (bootstrap servers, security); any group id is removed
     * @param clientIdSuffix   appended to the client id, to tell the scan's consumer apart in the broker's logs
     * @param fromMillis       start at the first record at or after this time (epoch ms), or at the beginning
     *                         when null
     * @param handler          called for each record, in offset order per partition
     */
    public static Ending read(
            Properties clientProperties,
            String clientIdSuffix,
            String topic,
            Collection<Integer> partitions,
            Long fromMillis,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties(clientProperties, clientIdSuffix))) {
            List<TopicPartition> tps =
                    partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> ends = logEnds(clientProperties, clientIdSuffix, tps, timeout);
            if (!ends.keySet().containsAll(tps)) {
                return Ending.TIMED_OUT; // a zero timeout answers with no offsets rather than an exception
            }
            if (fromMillis == null) {
                consumer.seekToBeginning(tps);
            } else {
                Map<TopicPartition, Long> since = new HashMap<>();
                tps.forEach(tp -> since.put(tp, fromMillis));
                Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, timeout);
                for (TopicPartition tp : tps) {
                    OffsetAndTimestamp start = starts.get(tp);
                    consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
                }
            }
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() >= deadline) {
                    return Ending.TIMED_OUT;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    handler.accept(record);
                }
            }
            return Ending.READ_TO_END;
        } catch (TimeoutException e) {
            return Ending.TIMED_OUT; // the offsets could not be looked up within the timeout
        }
    }

    /** The log end offsets (high watermarks) of {@code partitions}, transactions still open included. */
    private static Map<TopicPartition, Long> logEnds(
            Properties clientProperties, String clientIdSuffix, List<TopicPartition> partitions, Duration timeout) {
        Properties props = consumerProperties(clientProperties, clientIdSuffix + "-ends");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> ends = new KafkaConsumer<>(props)) {
            // never polled; assigned only so that the client keeps the answer without a warning
            ends.assign(partitions);
            return ends.endOffsets(partitions, timeout);
        }
    }

    /**
     * The properties of a consumer that reads without a group: byte arrays, {@code read_committed}, nothing
     * committed, the client id with {@code clientIdSuffix} appended.
     */
    public static Properties consumerProperties(Properties common, String clientIdSuffix) {
        Properties props = new Properties();
        props.putAll(common);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG, "hookstream") + "-" + clientIdSuffix);
        return props;
    }
}
