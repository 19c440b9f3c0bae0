package io.hookstream.loadtest.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One bare hop of the Kafka baseline on a thread of its own: a plain consumer (read_committed, manual commits)
 * and a plain producer (acks=all, idempotent, as hookstream's) that turn each consumed record into one produced
 * record and do nothing else. Like hookstream, a poll's offsets are committed only once everything it caused is
 * acknowledged (every 200 ms at most).
 */
public final class RelayStage extends StageThread {

    private record Batch(Map<TopicPartition, OffsetAndMetadata> offsets, AtomicInteger pending) {}

    private final Properties consumerProps;
    private final Collection<String> topics;
    private final Properties producerProps;
    private final Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay;
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();

    public RelayStage(
            String name,
            Properties consumerProps,
            Collection<String> topics,
            Properties producerProps,
            Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay) {
        super(name);
        this.consumerProps = consumerProps;
        this.topics = topics;
        this.producerProps = producerProps;
        this.relay = relay;
    }

    @Override
    void loop() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            wakeWith(kafka::wakeup);
            kafka.subscribe(topics);
            long lastCommit = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
            while (running()) {
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(50));
                if (!records.isEmpty()) {
                    Batch batch = new Batch(new HashMap<>(), new AtomicInteger(records.count()));
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        batch.offsets()
                                .put(
                                        new TopicPartition(record.topic(), record.partition()),
                                        new OffsetAndMetadata(record.offset() + 1));
                        ProducerRecord<byte[], byte[]> out = relay.apply(record);
                        if (out == null) {
                            batch.pending().decrementAndGet();
                        } else {
                            producer.send(
                                    out, (metadata, error) -> batch.pending().decrementAndGet());
                        }
                    }
                    batches.add(batch);
                }
                while (!batches.isEmpty() && batches.peek().pending().get() <= 0) {
                    committable.putAll(batches.poll().offsets());
                }
                if (!committable.isEmpty() && System.nanoTime() - lastCommit > 200_000_000L) {
                    kafka.commitAsync(Map.copyOf(committable), null);
                    committable.clear();
                    lastCommit = System.nanoTime();
                }
            }
        }
    }
}
