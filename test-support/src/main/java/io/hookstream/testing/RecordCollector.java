package io.hookstream.testing;

import io.hookstream.testing.TestSupportException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads one topic from the beginning with {@code isolation.level=read_committed} on a background thread and
 * keeps every record in memory. The consumer is created, used and closed on that one thread only.
 *
 * <pre>{@code
 * try (RecordCollector results = RecordCollector.subscribe(bootstrap, "hook-results")) {
 *     var records = results.awaitCount(2, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class RecordCollector implements AutoCloseable {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;

    private RecordCollector(String bootstrapServers, String topic, boolean subscribe, Map<String, String> security) {
        this.topic = topic;
        Map<String, String> extra = Map.copyOf(security);
        Thread thread = new Thread(() -> run(bootstrapServers, subscribe, extra), "record-collector-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Subscribes to {@code topic} in a fresh consumer group, starting at the earliest offsets. */
    public static RecordCollector subscribe(String bootstrapServers, String topic) {
        return new RecordCollector(bootstrapServers, topic, true, Map.of());
    }

    /** Assigns every partition of the existing {@code topic} (no group) and reads each from the beginning. */
    public static RecordCollector assign(String bootstrapServers, String topic) {
        return new RecordCollector(bootstrapServers, topic, false, Map.of());
    }

    /**
     * As {@link #assign(String, String)}, with extra client properties such as a SASL login
     * ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}); no group is used, so the
     * principal needs only Read on the topic.
     */
    public static RecordCollector assign(String bootstrapServers, String topic, Map<String, String> clientProperties) {
        return new RecordCollector(bootstrapServers, topic, false, clientProperties);
    }

    /** A snapshot of the records collected so far, in arrival order. */
    public List<ConsumerRecord<String, byte[]>> records() {
        throwIfFailed();
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /**
     * Waits until the collected records satisfy {@code condition} and returns them.
     *
     * @throws org.awaitility.core.ConditionTimeoutException when they do not within {@code timeout}
     * @throws TestSupportException                          when the background consumer failed
     */
    public List<ConsumerRecord<String, byte[]>> await(
            Predicate<List<ConsumerRecord<String, byte[]>>> condition, Duration timeout) {
        return Awaitility.await("records of topic " + topic)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(this::records, condition);
    }

    /** Waits until at least {@code count} records were collected and returns them. */
    public List<ConsumerRecord<String, byte[]>> awaitCount(int count, Duration timeout) {
        return await(list -> list.size() >= count, timeout);
    }

    /** Stops the background consumer and waits for it to close. Idempotent. */
    @Override
    public void close() {
        running = false;
        try {
            if (!stopped.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TestSupportException(
                        Reason.CONSUME_FAILED,
                        "The consumer of topic " + topic + " did not stop within " + CLOSE_TIMEOUT.toSeconds() + " s",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(String bootstrapServers, boolean subscribe, Map<String, String> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (subscribe) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "record-collector-" + UUID.randomUUID());
        }
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try {
            KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            try {
                start(consumer, subscribe);
                while (running) {
                    var batch = consumer.poll(POLL_TIMEOUT);
                    if (!batch.isEmpty()) {
                        synchronized (records) {
                            batch.forEach(records::add);
                        }
                    }
                }
            } finally {
                consumer.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT));
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            stopped.countDown();
        }
    }

    private void start(KafkaConsumer<String, byte[]> consumer, boolean subscribe) {
        if (subscribe) {
            consumer.subscribe(List.of(topic));
            return;
        }
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new TestSupportException(
                    Reason.CONSUME_FAILED,
                    "Topic " + topic
                            + " does not exist, so it cannot be assigned; create it first (PlainKafka.createTopics) "
                            + "or use RecordCollector.subscribe",
                    null);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private void throwIfFailed() {
        Throwable t = failure;
        if (t != null) {
            throw new TestSupportException(
                    Reason.CONSUME_FAILED, "The consumer of topic " + topic + " failed: " + t, t);
        }
    }
}
