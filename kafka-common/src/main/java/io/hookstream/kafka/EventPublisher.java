package io.hookstream.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes records keyed by run id. {@link KafkaProducer#send} can block (metadata, full buffer), so sends run
 * on one named thread of their own, in call order; the returned future completes on the producer's I/O thread
 * once the broker acknowledged the record (acks=all).
 */
public final class EventPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final ExecutorService sender;

    public EventPublisher(Producer<byte[], byte[]> producer, String name) {
        this.producer = producer;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "hookstream-send-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public static EventPublisher create(Properties producerProperties, String name) {
        return new EventPublisher(new KafkaProducer<>(producerProperties), name);
    }

    public CompletableFuture<RecordMetadata> publish(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(metadata);
                        }
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            done.completeExceptionally(rejected);
        }
        return done;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration timeout) {
        sender.shutdown();
        producer.close(timeout);
    }
}
