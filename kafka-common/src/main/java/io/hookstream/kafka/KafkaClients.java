package io.hookstream.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client properties for every component: the bootstrap servers, any extra client property the user gave
 * (security settings among them), and the settings hookstream relies on, which extras cannot weaken.
 */
public final class KafkaClients {

    private KafkaClients() {}

    public static Properties common(String bootstrapServers, Map<String, String> extra, String clientId) {
        Properties props = new Properties();
        if (extra != null) {
            props.putAll(extra);
        }
        props.put("bootstrap.servers", bootstrapServers);
        props.put("client.id", clientId);
        // hookstream names the transactional producers itself: one given here would be shared by all of them
        props.remove("transactional.id");
        return props;
    }

    /** An idempotent producer of byte[] keys and values with acks=all. */
    public static Properties producer(Properties common) {
        Properties props = copy(common);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return props;
    }

    /** A consumer of byte[] keys and values in {@code groupId} with manual commits and read_committed. */
    public static Properties consumer(Properties common, String groupId) {
        Properties props = copy(common);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a crashed member's partitions move after 10 s rather than Kafka's default 45 s
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        return props;
    }

    private static Properties copy(Properties source) {
        Properties props = new Properties();
        props.putAll(source);
        return props;
    }
}
