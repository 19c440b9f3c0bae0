package io.hookstream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookstream.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test helpers beside PlainKafka: JSON bytes, a record with a chosen timestamp, and a topic's end offsets. */
final class TopicFixtures {

    private TopicFixtures() {}

    static byte[] json(Object event) {
        try {
            return Json.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Produces one record whose timestamp is {@code time} (PlainKafka's records carry the time of sending). */
    static void produceAt(String bootstrap, String topic, String key, byte[] value, Instant time) throws Exception {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), key, value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** The end offset of every partition of {@code topic} (empty when the topic does not exist). */
    static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.listTopics().getOrDefault(topic, List.of());
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(infos.stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList())
                    .forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
