package io.hookstream.loadtest.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the hook, result and run topics with {@code isolation.level=read_committed}, from the end offsets
 * captured by {@link #start()} (before anything is sent), and hands every record to a {@link RecordDecoder} on its
 * own thread. Not in any consumer group: it assigns every partition and commits nothing.
 */
public final class Collector implements AutoCloseable {

    private final Properties properties;
    private final Map<Hop, String> topics;
    private final RecordDecoder decoder;
    private final Tracker tracker;
    private final Map<String, Hop> hopOfTopic = new HashMap<>();
    private volatile boolean running = true;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private volatile RuntimeException failure;

    public Collector(String bootstrapServers, Map<Hop, String> topics, RecordDecoder decoder, Tracker tracker) {
        this.properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "loadtest-collector");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        this.topics = new EnumMap<>(topics);
        this.decoder = decoder;
        this.tracker = tracker;
        topics.forEach((hop, topic) -> hopOfTopic.put(topic, hop));
    }

    /** Assigns every partition of the watched topics at their current end and starts the polling thread. */
    public Collector start() {
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics.values()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new io.hookstream.loadtest.LoadTestException(
                        "TopicMissing",
                        "topic " + topic
                                + " does not exist; start the dispatcher and workers first (they create their topics), or"
                                + " check --topic-prefix");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        thread = new Thread(this::poll, "loadtest-collector");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The error that stopped the collector, or null. */
    public RuntimeException failure() {
        return failure;
    }

    private void poll() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Hop hop = hopOfTopic.get(record.topic());
                    if (hop != null) {
                        decoder.decode(hop, record, now, tracker);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
