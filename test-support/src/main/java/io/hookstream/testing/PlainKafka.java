package io.hookstream.testing;

import io.hookstream.testing.TestSupportException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Blocking helpers that use only plain {@code kafka-clients}, the way an orchestrator outside hookstream
 * would: create topics, produce one record, read a header. Each call opens and closes its own client.
 */
public final class PlainKafka {

    private static final long CALL_TIMEOUT_SECONDS = 30;

    private PlainKafka() {}

    /** Creates each topic with {@code partitions} partitions and one replica, and waits for the creation. */
    public static void createTopics(String bootstrapServers, int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Arrays.stream(names)
                            .map(name -> new NewTopic(name, partitions, (short) 1))
                            .toList())
                    .all()
                    .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new TestSupportException(
                    Reason.ADMIN_FAILED,
                    "Could not create topics " + Arrays.toString(names) + " on " + bootstrapServers + ": " + cause(e)
                            + ". Use new topic names per test class.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestSupportException(Reason.ADMIN_FAILED, "Interrupted while creating topics", e);
        }
    }

    /**
     * Sends one record with {@code acks=all} and waits for it to be acknowledged.
     *
     * @param key     the record key (may be null)
     * @param headers header values, sent as UTF-8 bytes
     * @return where the record was written
     */
    public static RecordMetadata produce(
            String bootstrapServers, String topic, String key, byte[] value, Map<String, String> headers) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                15_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            return producer.send(record).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new TestSupportException(
                    Reason.PRODUCE_FAILED,
                    "Could not produce to topic " + topic + " on " + bootstrapServers + ": " + cause(e)
                            + ". Check that the topic exists (createTopics).",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestSupportException(Reason.PRODUCE_FAILED, "Interrupted while producing to " + topic, e);
        }
    }

    /** The last value of header {@code name} as UTF-8 text, or null when the record has no such header. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String cause(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
