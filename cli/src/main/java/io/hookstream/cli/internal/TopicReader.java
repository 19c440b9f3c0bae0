package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import io.hookstream.kafka.TopicScan;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads one topic without a consumer group, the way an operator's tool should: every partition (or the chosen
 * ones) assigned, {@code isolation.level=read_committed}, a start by time ({@code offsetsForTimes}), and either
 * up to the end offsets taken when reading starts, or on until {@link #stop()} ({@code --follow}). Nothing is
 * committed. Used by one thread, except {@link #stop()}, which any thread may call.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String bootstrapServers;
    private final List<TopicPartition> partitions;
    private volatile boolean stopped;
    /** Records older than the --since time are skipped even past the start offset: a partition's timestamps are
     * not ordered (a producer may set them), and offsetsForTimes only finds the first record at or after it. */
    private long sinceMillis = Long.MIN_VALUE;

    private TopicReader(
            KafkaConsumer<byte[], byte[]> consumer,
            String topic,
            String bootstrapServers,
            List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
    }

    /**
     * Opens {@code topic}; {@code partitionChooser} picks the partitions to read from the topic's partition count
     * (null: all).
     *
     * @return the reader, or null when {@code mustExist} is false and the topic does not exist
     * @throws CliException when the topic does not exist (and must) or Kafka cannot be reached
     */
    public static TopicReader open(
            Properties common, String topic, boolean mustExist, IntFunction<Collection<Integer>> partitionChooser) {
        String bootstrap = String.valueOf(common.get("bootstrap.servers"));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(common));
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                consumer.close(Duration.ZERO);
                if (!mustExist) {
                    return null;
                }
                throw new CliException(
                        "TopicNotFound",
                        1,
                        "topic " + topic + " does not exist on " + bootstrap
                                + "; check --topic-prefix (or HOOKSTREAM_TOPIC_PREFIX) and --bootstrap-servers");
            }
            Collection<Integer> chosen = partitionChooser == null ? null : partitionChooser.apply(infos.size());
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .filter(tp -> chosen == null || chosen.contains(tp.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            return new TopicReader(consumer, topic, bootstrap, partitions);
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw KafkaUnavailable.of(e, bootstrap, "read topic " + topic);
        }
    }

    static Properties consumerProperties(Properties common) {
        Properties props = TopicScan.consumerProperties(common, "reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        return props;
    }

    public String topic() {
        return topic;
    }

    /** Starts each partition at its first record at or after {@code since} (at its end when there is none). */
    public TopicReader seek(Instant since) {
        try {
            Map<TopicPartition, Long> query = new HashMap<>();
            sinceMillis = since.toEpochMilli();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
            }
            return this;
        } catch (KafkaException e) {
            throw KafkaUnavailable.of(e, bootstrapServers, "look up offsets of " + topic);
        }
    }

    private void accept(Consumer<ConsumerRecord<byte[], byte[]>> handler, ConsumerRecord<byte[], byte[]> record) {
        if (record.timestamp() >= sinceMillis) {
            handler.accept(record);
        }
    }

    /** Reads from the current positions up to the end offsets as they are now, then returns. */
    public void readToEnd(Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<TopicPartition> open = new HashSet<>(partitions);
            open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            consumer.pause(partitions);
            consumer.resume(open);
            while (!open.isEmpty() && !stopped) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(tp)) {
                        accept(handler, record);
                    }
                }
                for (TopicPartition tp : Set.copyOf(open)) {
                    if (consumer.position(tp) >= ends.get(tp)) {
                        open.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
            consumer.resume(partitions);
        } catch (WakeupException e) {
            // stop() while reading
        } catch (KafkaException e) {
            throw KafkaUnavailable.of(e, bootstrapServers, "read topic " + topic);
        }
    }

    /** Reads from the current positions until {@link #stop()}. */
    public void follow(Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        try {
            while (!stopped) {
                consumer.poll(POLL).forEach(record -> accept(handler, record));
            }
        } catch (WakeupException e) {
            // stop()
        } catch (KafkaException e) {
            throw KafkaUnavailable.of(e, bootstrapServers, "read topic " + topic);
        }
    }

    /** Ends {@link #readToEnd} or {@link #follow} soon; safe from any thread (a signal handler's among them). */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    public boolean stopped() {
        return stopped;
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // nothing was committed, so nothing can be lost here
        }
    }
}
