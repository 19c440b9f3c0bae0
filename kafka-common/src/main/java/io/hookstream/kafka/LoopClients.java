package io.hookstream.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Where a {@link TransactionalLoop} gets its Kafka clients (its consumer, its transactional producers, and with
 * claims the claims watch's consumers): real clients by default ({@link #kafka()}); a test passes Kafka's
 * {@code MockConsumer}/{@code MockProducer}. Each call makes a new client, which its caller closes.
 */
public interface LoopClients {

    /** A consumer of byte arrays configured by {@code properties}. */
    Consumer<byte[], byte[]> consumer(Properties properties);

    /** A producer of byte arrays configured by {@code properties}. */
    Producer<byte[], byte[]> producer(Properties properties);

    /** Real Kafka clients ({@link KafkaConsumer}, {@link KafkaProducer}); the properties name the (de)serializers. */
    static LoopClients kafka() {
        return Real.INSTANCE;
    }

    /** The real clients. */
    enum Real implements LoopClients {
        INSTANCE;

        @Override
        public Consumer<byte[], byte[]> consumer(Properties properties) {
            return new KafkaConsumer<>(properties);
        }

        @Override
        public Producer<byte[], byte[]> producer(Properties properties) {
            return new KafkaProducer<>(properties);
        }
    }
}
