package io.hookstream.loadtest.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One worker hop of the Kafka baseline as a share-group member (KIP-932) in explicit acknowledgement mode: each
 * poll's records are acquired, their results produced (idempotent producer, acks=all; or, {@code transactional},
 * in one transaction without offsets, since acknowledgements cannot join one), and once the results are written
 * each record is accepted (released when its result failed) and the acknowledgements committed before the next
 * poll. At-least-once: a result written before a lost acknowledgement is written again on redelivery.
 */
public final class ShareRelayStage extends StageThread {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final Properties consumerProps;
    private final Collection<String> topics;
    private final Properties producerProps;
    private final boolean transactional;
    private final Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay;

    /**
     * @param common client properties (bootstrap servers, client id); consumer settings are added here
     */
    public ShareRelayStage(
            String name,
            Properties common,
            String group,
            Collection<String> topics,
            Properties producerProps,
            boolean transactional,
            Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> relay) {
        super(name);
        this.consumerProps = new Properties();
        this.consumerProps.putAll(common);
        this.consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        this.consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumerProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        this.topics = topics;
        this.producerProps = new Properties();
        this.producerProps.putAll(producerProps);
        if (transactional) {
            this.producerProps.put(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "loadtest-baseline-" + name + "-" + UUID.randomUUID());
            this.producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        }
        this.transactional = transactional;
        this.relay = relay;
    }

    @Override
    void loop() {
        try (KafkaShareConsumer<byte[], byte[]> share = new KafkaShareConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            wakeWith(share::wakeup);
            if (transactional) {
                producer.initTransactions();
            }
            share.subscribe(topics);
            while (running()) {
                ConsumerRecords<byte[], byte[]> records = share.poll(POLL_TIMEOUT);
                if (records.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> acquired = new ArrayList<>(records.count());
                List<Future<RecordMetadata>> results = new ArrayList<>(records.count());
                if (transactional) {
                    producer.beginTransaction();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    ProducerRecord<byte[], byte[]> out = relay.apply(record);
                    acquired.add(record);
                    results.add(out == null ? null : producer.send(out));
                }
                if (transactional) {
                    producer.commitTransaction(); // throws when the results were not written
                }
                for (int i = 0; i < acquired.size(); i++) {
                    share.acknowledge(
                            acquired.get(i),
                            written(results.get(i)) ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
                }
                share.commitSync();
            }
        }
    }

    private static boolean written(Future<RecordMetadata> result) {
        if (result == null) {
            return true;
        }
        try {
            result.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
