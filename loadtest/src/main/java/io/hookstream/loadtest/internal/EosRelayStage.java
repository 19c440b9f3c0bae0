package io.hookstream.loadtest.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One exactly-once hop of the Kafka baseline, shaped like hookstream's consuming loop: a read_committed consumer
 * and a transactional producer; the outputs of what was consumed are written together with the consumed offsets
 * ({@code sendOffsetsToTransaction}) in one transaction, at most every commit interval, and a poll waits no longer
 * than the time left to the next commit. It does no other work.
 */
public final class EosRelayStage extends StageThread {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final Properties consumerProps;
    private final Collection<String> topics;
    private final Properties producerProps;
    private final Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay;
    private final long commitIntervalNanos;

    public EosRelayStage(
            String name,
            Properties consumerProps,
            Collection<String> topics,
            Properties producerProps,
            Duration commitInterval,
            Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay) {
        super(name);
        this.consumerProps = consumerProps;
        this.topics = topics;
        this.producerProps = new Properties();
        this.producerProps.putAll(producerProps);
        this.producerProps.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "loadtest-baseline-" + name + "-" + UUID.randomUUID());
        this.producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        this.commitIntervalNanos = commitInterval.toNanos();
        this.relay = relay;
    }

    @Override
    void loop() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            wakeWith(kafka::wakeup);
            producer.initTransactions();
            kafka.subscribe(topics);
            List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            long lastCommit = System.nanoTime() - commitIntervalNanos;
            while (running()) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(pollTimeout(offsets, lastCommit))) {
                    offsets.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    ProducerRecord<byte[], byte[]> out = relay.apply(record);
                    if (out != null) {
                        outputs.add(out);
                    }
                }
                long now = System.nanoTime();
                if (!offsets.isEmpty() && now - lastCommit >= commitIntervalNanos) {
                    lastCommit = now; // the interval spaces transactions; an idle relay commits at once
                    producer.beginTransaction();
                    outputs.forEach(producer::send);
                    producer.sendOffsetsToTransaction(offsets, kafka.groupMetadata());
                    producer.commitTransaction();
                    outputs.clear();
                    offsets.clear();
                }
            }
        }
    }

    private Duration pollTimeout(Map<TopicPartition, OffsetAndMetadata> pending, long lastCommit) {
        if (pending.isEmpty()) {
            return POLL_TIMEOUT;
        }
        long untilDue = commitIntervalNanos - (System.nanoTime() - lastCommit);
        return untilDue <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(untilDue, POLL_TIMEOUT.toNanos()));
    }
}
