import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints every committed record of a topic as {@code <timestamp ms> <key> <dead-letter reason or -> <value>} lines, from the beginning to
 * the end offsets found at start, with a plain read_committed consumer and no group. Used by
 * scripts/restart-check.py to count run outcomes:
 * {@code java -cp 'standalone/target/lib/*' scripts/RunsTopic.java localhost:9092 hookstream.runs}.
 */
public final class RunsTopic {
    public static void main(String[] args) {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("isolation.level", "read_committed");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(args[1], Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    var reason = record.headers().lastHeader("hookstream.dlq.reason");
                    System.out.println(record.timestamp() + " " + record.key() + " "
                            + (reason == null ? "-" : new String(reason.value())) + " "
                            + (record.value() == null ? "" : record.value().replace('\n', ' ')));
                }
            }
        }
    }
}
