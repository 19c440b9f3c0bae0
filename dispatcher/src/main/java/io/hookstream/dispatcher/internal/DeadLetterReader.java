package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.DeadLetterInfo;
import io.hookstream.kafka.DeadLetterReplayCommand;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TopicScan;
import io.hookstream.schemas.event.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;

/**
 * Reads one page of the dead-letter topic, newest first: a short-lived consumer of its own (assigned, no group,
 * {@code read_committed}) seeks each partition to a little before its end (or the cursor's bound) and reads forward,
 * further back while a partition has fewer than {@code limit} (transaction markers take offsets too); the newest
 * {@code limit} across partitions, by timestamp, are the page. Blocking, bounded by a timeout: call it on a worker
 * pool.
 */
final class DeadLetterReader {

    /** A page, or why there is none. */
    sealed interface Read permits Page, Invalid, Unavailable {}

    /** @param next the cursor of the older dead letters, or null when there are none */
    record Page(String topic, List<Map<String, Object>> deadLetters, String next) implements Read {}

    /** A request the topic cannot answer (a partition it does not have): 400. */
    record Invalid(String message) implements Read {}

    /** Kafka did not answer in time: 503. */
    record Unavailable(String message) implements Read {}

    private static final Duration POLL = Duration.ofMillis(100);
    /** The CloudEvents attributes shown with their values; other original headers are shown by name only. */
    private static final Set<String> SHOWN_HEADERS = Set.of(
            CloudEventHeaders.ID,
            CloudEventHeaders.TYPE,
            CloudEventHeaders.SOURCE,
            CloudEventHeaders.SUBJECT,
            CloudEventHeaders.TIME,
            CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.CONTENT_TYPE);

    private final Properties clientProperties;
    private final TopicNames topics;
    private final SecretParams secrets;
    private final Duration timeout;

    DeadLetterReader(Properties clientProperties, TopicNames topics, SecretParams secrets, Duration timeout) {
        this.clientProperties = clientProperties;
        this.topics = topics;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    String topic() {
        return topics.dlq();
    }

    Read read(Integer partition, DeadLetterCursor before, int limit) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = TopicScan.consumerProperties(clientProperties, "dead-letters");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        String topic = topics.dlq();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            Set<Integer> numbers = new TreeSet<>();
            (infos == null ? List.<PartitionInfo>of() : infos).forEach(info -> numbers.add(info.partition()));
            if (partition != null && !numbers.isEmpty() && !numbers.contains(partition)) {
                return new Invalid("partition: " + topic + " has no partition " + partition
                        + "; it has partitions 0 to " + (numbers.size() - 1));
            }
            if (partition != null) {
                numbers.retainAll(Set.of(partition));
            }
            if (numbers.isEmpty()) {
                return new Page(topic, List.of(), null);
            }
            List<TopicPartition> tps =
                    numbers.stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(tps, remaining(deadline));
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, remaining(deadline));
            Map<TopicPartition, Long> uppers = new HashMap<>();
            tps.forEach(tp -> uppers.put(tp, before.bound(tp.partition(), ends.get(tp))));
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> newest =
                    newest(consumer, tps, begins, uppers, limit, deadline);
            return page(topic, tps, begins, uppers, newest, limit);
        } catch (TimeoutException e) {
            return unavailable(topic, e.getMessage());
        } catch (org.apache.kafka.common.errors.AuthorizationException e) {
            return new Unavailable("the dispatcher may not read " + topic + " (" + e.getMessage()
                    + "); grant its principal Read and Describe on the topic (docs/kafka-acls.md)");
        }
    }

    private Unavailable unavailable(String topic, String cause) {
        return new Unavailable("the dead letters on " + topic + " could not be read within " + timeout.toSeconds()
                + " s (" + cause + "); check that the Kafka brokers are reachable from the dispatcher, then retry");
    }

    /**
     * Per partition, up to {@code limit} of its newest committed records below its upper bound: reads a window of
     * {@code 2 * limit + 1} offsets (a transaction's commit marker takes one per record at worst), then a window
     * twice as large before it, while the partition has fewer and offsets remain.
     */
    private static Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> newest(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> tps,
            Map<TopicPartition, Long> begins,
            Map<TopicPartition, Long> uppers,
            int limit,
            long deadline) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> found = new HashMap<>();
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        long window = 2L * limit + 1;
        for (TopicPartition tp : tps) {
            found.put(tp, new ArrayList<>());
            long upper = uppers.get(tp);
            ranges.put(tp, new long[] {Math.max(begins.get(tp), upper - window), upper});
        }
        while (!ranges.isEmpty()) {
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = readRanges(consumer, ranges, deadline);
            window *= 2;
            Map<TopicPartition, long[]> further = new HashMap<>();
            for (Map.Entry<TopicPartition, long[]> range : ranges.entrySet()) {
                TopicPartition tp = range.getKey();
                List<ConsumerRecord<byte[], byte[]>> records = found.get(tp);
                records.addAll(0, read.get(tp));
                long start = range.getValue()[0];
                if (records.size() < limit && start > begins.get(tp)) {
                    further.put(tp, new long[] {Math.max(begins.get(tp), start - window), start});
                }
            }
            ranges = further;
        }
        found.replaceAll((tp, records) -> records.subList(Math.max(0, records.size() - limit), records.size()));
        return found;
    }

    /** The committed records of each range [start, end), in offset order. */
    private static Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readRanges(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, long[]> ranges, long deadline) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = new HashMap<>();
        List<TopicPartition> active = new ArrayList<>();
        ranges.forEach((tp, range) -> {
            read.put(tp, new ArrayList<>());
            if (range[0] < range[1]) {
                active.add(tp);
            }
        });
        consumer.assign(active);
        active.forEach(tp -> consumer.seek(tp, ranges.get(tp)[0]));
        while (!active.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                throw new TimeoutException("reading the dead letters took too long");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                long[] range = ranges.get(tp);
                if (range != null && record.offset() >= range[0] && record.offset() < range[1]) {
                    read.get(tp).add(record);
                }
            }
            List<TopicPartition> done = active.stream()
                    .filter(tp -> consumer.position(tp, remaining(deadline)) >= ranges.get(tp)[1])
                    .toList();
            consumer.pause(done);
            active.removeAll(done);
        }
        return read;
    }

    private Page page(
            String topic,
            List<TopicPartition> tps,
            Map<TopicPartition, Long> begins,
            Map<TopicPartition, Long> uppers,
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> newest,
            int limit) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        newest.values().forEach(all::addAll);
        all.sort(NEWEST_FIRST);
        List<ConsumerRecord<byte[], byte[]>> taken = all.subList(0, Math.min(limit, all.size()));
        Map<Integer, Long> bounds = new TreeMap<>();
        tps.forEach(tp -> bounds.put(tp.partition(), uppers.get(tp)));
        taken.forEach(record -> bounds.merge(record.partition(), record.offset(), Math::min));
        boolean older = tps.stream().anyMatch(tp -> bounds.get(tp.partition()) > begins.get(tp));
        return new Page(
                topic, taken.stream().map(this::view).toList(), older ? new DeadLetterCursor(bounds).encode() : null);
    }

    static final Comparator<ConsumerRecord<byte[], byte[]>> NEWEST_FIRST =
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .reversed()
                    .thenComparingInt(ConsumerRecord::partition)
                    .thenComparing(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::offset)
                            .reversed());

    /** One dead letter as the API shows it. */
    Map<String, Object> view(ConsumerRecord<byte[], byte[]> record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", DeadLetterReplayCommand.id(record.topic(), record.partition(), record.offset()));
        view.put("partition", record.partition());
        view.put("offset", record.offset());
        view.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        DeadLetterInfo info = DeadLetterInfo.of(record.headers());
        view.put("reason", info.reason());
        String message = info.message();
        view.put("message", message == null || message.isEmpty() ? null : DeadLetterPreview.mask(message, secrets));
        view.put("component", info.component());
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("topic", info.originTopic());
        origin.put("partition", info.originPartition());
        origin.put("offset", info.originOffset());
        origin.put(
                "timestamp",
                info.originTimestamp() == null
                        ? null
                        : Instant.ofEpochMilli(info.originTimestamp()).toString());
        origin.values().removeIf(java.util.Objects::isNull);
        view.put("origin", origin);
        view.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        view.put("valueBytes", record.value() == null ? 0 : record.value().length);
        view.put("preview", DeadLetterPreview.of(record.value(), secrets).view());
        view.put("headers", headers(record));
        view.put("hiddenHeaders", hiddenHeaders(record));
        view.put(
                "replayCommand",
                DeadLetterReplayCommand.render(topics, record.partition(), record.offset(), record.timestamp()));
        view.values().removeIf(java.util.Objects::isNull);
        return view;
    }

    /** The original record's CloudEvents attributes with their values (no other header's value is shown). */
    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> shown = new TreeMap<>();
        for (Header header : record.headers()) {
            if (SHOWN_HEADERS.contains(header.key()) && header.value() != null) {
                shown.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return shown;
    }

    /** The names of the original record's other headers (a signature, a key id, a caller's own): never their values. */
    private static List<String> hiddenHeaders(ConsumerRecord<byte[], byte[]> record) {
        Set<String> names = new TreeSet<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("hookstream.dlq.") && !SHOWN_HEADERS.contains(header.key())) {
                names.add(header.key());
            }
        }
        return List.copyOf(names);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
