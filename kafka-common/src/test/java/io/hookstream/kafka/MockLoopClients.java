package io.hookstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's mocks as a loop's clients: one {@link MockConsumer} (the loop's), and a new {@link MockProducer} each time
 * the loop opens one. Offsets a producer commits in a transaction become the consumer's committed offsets, as the
 * group coordinator would make them, so a loop that restarts from the committed offsets finds them. Everything that
 * touches the consumer runs on the loop's thread, through {@link #onLoopThread}.
 */
final class MockLoopClients implements LoopClients {

    static final String IN = "in";
    static final String OUT = "out";
    static final TopicPartition P0 = new TopicPartition(IN, 0);
    static final TopicPartition P1 = new TopicPartition(IN, 1);

    private final LoopConsumer consumer = new LoopConsumer();
    private final List<TransactionalProducer> producers = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> nextCommitFailure = new AtomicReference<>();

    MockLoopClients() {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Properties properties) {
        return consumer;
    }

    @Override
    public Producer<byte[], byte[]> producer(Properties properties) {
        TransactionalProducer producer = new TransactionalProducer();
        producers.add(producer);
        return producer;
    }

    /** Runs {@code task} on the loop's thread, in its next poll. */
    void onLoopThread(Runnable task) {
        consumer.schedulePollTask(task);
    }

    /** The group assigns {@code partitions} (revoking those not named), as a rebalance would. */
    void assign(TopicPartition... partitions) {
        onLoopThread(() -> consumer.rebalance(List.of(partitions)));
    }

    /** The consumer loses {@code partitions} (its session expired): the loop is told, nothing is committed. */
    void lose(TopicPartition... partitions) {
        onLoopThread(() -> consumer.listener.onPartitionsLost(List.of(partitions)));
    }

    /** Records the broker has for the loop's consumer to fetch. */
    void fetchable(ConsumerRecord<byte[], byte[]>... records) {
        onLoopThread(() -> {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                consumer.addRecord(record);
            }
        });
    }

    /** The next transaction's commit fails with {@code failure} (thrown by {@code commitTransaction}). */
    void failNextCommit(RuntimeException failure) {
        nextCommitFailure.set(failure);
    }

    MockConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    List<TransactionalProducer> producers() {
        return producers;
    }

    /** The outputs committed by every producer so far, in order. */
    List<ProducerRecord<byte[], byte[]>> committedOutputs() {
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        producers.forEach(p -> all.addAll(p.history()));
        return all;
    }

    /** The offsets of every committed transaction that carried offsets, in order. */
    List<Map<TopicPartition, OffsetAndMetadata>> committedOffsets() {
        List<Map<TopicPartition, OffsetAndMetadata>> all = new ArrayList<>();
        producers.forEach(p -> p.consumerGroupOffsetsHistory().forEach(byGroup -> all.addAll(byGroup.values())));
        return all;
    }

    /** The group's committed offset of {@code tp}, or null. */
    OffsetAndMetadata committed(TopicPartition tp) {
        List<Map<TopicPartition, OffsetAndMetadata>> all = committedOffsets();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).containsKey(tp)) {
                return all.get(i).get(tp);
            }
        }
        return null;
    }

    static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String key, String value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key == null ? null : bytes(key), bytes(value));
    }

    static ProducerRecord<byte[], byte[]> output(String value) {
        return new ProducerRecord<>(OUT, 0, null, bytes(value));
    }

    static String text(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (String topic : List.of(IN, OUT, "dlq")) {
            for (int p = 0; p < 2; p++) {
                partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        }
        return new Cluster("mock", List.of(node), partitions, Set.of(), Set.of());
    }

    /**
     * The loop's consumer: a poll that finds nothing waits a little (up to the timeout) like a real one, instead of
     * letting the loop spin; the rebalance listener is kept for {@link #lose}.
     */
    static final class LoopConsumer extends MockConsumer<byte[], byte[]> {
        private volatile ConsumerRebalanceListener listener;

        LoopConsumer() {
            super("earliest");
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
            listener = callback;
            super.subscribe(topics, callback);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(Duration.ZERO);
            if (records.isEmpty() && !timeout.isZero()) {
                LockSupport.parkNanos(
                        Math.min(timeout.toNanos(), Duration.ofMillis(2).toNanos()));
            }
            return records;
        }
    }

    /**
     * A transactional mock producer whose committed offsets become the consumer's, and whose next commit can be
     * made to fail.
     */
    final class TransactionalProducer extends MockProducer<byte[], byte[]> {
        private final Map<TopicPartition, OffsetAndMetadata> offsetsInTransaction = new HashMap<>();

        TransactionalProducer() {
            super(cluster(), true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void sendOffsetsToTransaction(
                Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
            super.sendOffsetsToTransaction(offsets, groupMetadata);
            offsetsInTransaction.putAll(offsets);
        }

        @Override
        public void commitTransaction() {
            RuntimeException failure = nextCommitFailure.getAndSet(null);
            if (failure != null) {
                throw failure;
            }
            super.commitTransaction();
            consumer.commitSync(Map.copyOf(offsetsInTransaction));
            offsetsInTransaction.clear();
        }

        @Override
        public void abortTransaction() {
            super.abortTransaction();
            offsetsInTransaction.clear();
        }
    }
}
