package io.hookstream.standalone.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What {@link StandaloneRestartIT} says when runs miss their outcome after a restart: the processes' logs kept
 * beside the failsafe reports, what the restarted standalone's API and metrics say, the transactions open in the
 * broker with their coordinators' descriptions, and where the missing runs' records are.
 */
final class RestartDiagnosis {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RestartDiagnosis() {}

    static Path keep(ServiceProcess process) {
        try {
            Path kept = Path.of(
                    "target",
                    "failsafe-reports",
                    "StandaloneRestartIT-" + process.log().getFileName());
            Files.createDirectories(kept.getParent());
            return Files.copy(process.log(), kept, StandardCopyOption.REPLACE_EXISTING)
                    .toAbsolutePath();
        } catch (IOException e) {
            return process.log();
        }
    }

    static String ask(int httpPort, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            return "(no answer: " + e + ")";
        }
    }

    static String hookstreamMetrics(String metrics) {
        return metrics.lines()
                .filter(l -> l.startsWith("hookstream_") && !l.contains("_bucket"))
                .collect(Collectors.joining("\n"));
    }

    /** Every transaction open in a partition, with what its coordinator says of it. */
    static String openTransactions(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "10000"))) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(d ->
                            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            StringBuilder out = new StringBuilder();
            var described = admin.describeProducers(partitions).all().get();
            Map<Long, String> ids = new java.util.HashMap<>();
            admin.listTransactions().all().get().forEach(t -> ids.put(t.producerId(), t.transactionalId()));
            var transactions = admin.describeTransactions(ids.values()).all().get();
            described.forEach((tp, producers) -> producers.activeProducers().forEach(state -> {
                if (state.currentTransactionStartOffset().isPresent()) {
                    String id = ids.get(state.producerId());
                    out.append("\n  ")
                            .append(tp)
                            .append(" producer ")
                            .append(state.producerId())
                            .append(" epoch ")
                            .append(state.producerEpoch())
                            .append(" open from ")
                            .append(state.currentTransactionStartOffset().getAsLong())
                            .append(", coordinator epoch ")
                            .append(state.coordinatorEpoch())
                            .append(", transactional id ")
                            .append(id)
                            .append(": ")
                            .append(id == null ? "-" : transactions.get(id));
                }
            }));
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.stream()
                    .filter(tp -> tp.topic().equals("hookstream.dispatcher-state"))
                    .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var hw = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get();
            var lso = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            latest.keySet()
                    .forEach(tp -> out.append("\n  ")
                            .append(tp)
                            .append(" high watermark ")
                            .append(hw.get(tp).offset())
                            .append(", last stable offset ")
                            .append(lso.get(tp).offset()));
            return out.toString();
        } catch (Exception e) {
            return "(could not tell: " + e + ")";
        }
    }

    /** Partition and offset of every record keyed by one of {@code keys}, per topic and isolation level. */
    static String where(String bootstrap, Set<String> keys) {
        StringBuilder out = new StringBuilder();
        for (String topic :
                List.of("hookstream.dispatcher-state", "hookstream.hooks.pre-backup", "hookstream.results")) {
            for (String isolation : List.of("read_committed", "read_uncommitted")) {
                Map<String, Object> config = Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolation,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        "5000");
                try (KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
                    consumer.assign(partitions);
                    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                    consumer.seekToBeginning(partitions);
                    List<String> found = new ArrayList<>();
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                            && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (keys.contains(r.key())) {
                                found.add(r.key() + "@" + r.partition() + "/" + r.offset());
                            }
                        }
                    }
                    out.append("\n  ")
                            .append(topic)
                            .append(' ')
                            .append(isolation)
                            .append(" (ends ")
                            .append(ends.values())
                            .append("): ")
                            .append(found);
                } catch (RuntimeException e) {
                    out.append("\n  ")
                            .append(topic)
                            .append(' ')
                            .append(isolation)
                            .append(": ")
                            .append(e);
                }
            }
        }
        return out.toString();
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
