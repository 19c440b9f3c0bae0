package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@WithEmbeddedKafka
class ConsumerLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void keepsAtMostMaxInFlightAndResumesAsWorkFinishes(EmbeddedKafkaBroker broker) {
        String topic = "bounded-" + UUID.randomUUID();
        PlainKafka.createTopics(broker.bootstrapServers(), 1, topic);
        produce(broker, topic, 20);
        Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        ConsumerLoop loop = new ConsumerLoop(consumer(broker, "bounded"), ConsumerLoop.Options.of("t", List.of(topic), 5),
                record -> pending.computeIfAbsent(record.offset(), o -> new CompletableFuture<>())).start();
        try {
            Awaitility.await().atMost(WAIT).until(() -> loop.inFlight() == 5 && loop.isPaused());
            Awaitility.await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
            assertThat(pending).hasSize(5);

            Awaitility.await().atMost(WAIT).until(() -> {
                pending.values().forEach(f -> f.complete(null));
                return pending.size() == 20 && loop.inFlight() == 0;
            });
            assertThat(pending.keySet()).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.range(0, 20).boxed().toList());
        } finally {
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void commitsOnlyUpToTheLowestUnfinishedOffset(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "commits-" + UUID.randomUUID();
        String group = "commits-" + UUID.randomUUID();
        PlainKafka.createTopics(broker.bootstrapServers(), 1, topic);
        produce(broker, topic, 10);
        Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        ConsumerLoop loop = new ConsumerLoop(consumer(broker, group), ConsumerLoop.Options.of("t", List.of(topic), 100),
                record -> {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    pending.put(record.offset(), done);
                    if (record.offset() != 0) {
                        done.complete(null);
                    }
                    return done;
                }).start();
        try {
            Awaitility.await().atMost(WAIT).until(() -> pending.size() == 10 && loop.inFlight() == 1);
            Awaitility.await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
            assertThat(committed(broker, group, topic)).as("offset 0 unfinished: nothing committed").isNull();

            pending.get(0L).complete(null);

            Awaitility.await().atMost(WAIT).untilAsserted(() ->
                    assertThat(committed(broker, group, topic)).isEqualTo(10L));
        } finally {
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void aProcessorThatThrowsDoesNotStopThePartition(EmbeddedKafkaBroker broker) {
        String topic = "throws-" + UUID.randomUUID();
        PlainKafka.createTopics(broker.bootstrapServers(), 1, topic);
        produce(broker, topic, 5);
        List<Long> seen = new CopyOnWriteArrayList<>();
        ConsumerLoop loop = new ConsumerLoop(consumer(broker, "throws"), ConsumerLoop.Options.of("t", List.of(topic), 10),
                record -> {
                    seen.add(record.offset());
                    if (record.offset() == 1) {
                        throw new IllegalStateException("boom");
                    }
                    return record.offset() == 2 ? CompletableFuture.failedFuture(new IllegalStateException("bang"))
                            : CompletableFuture.completedFuture(null);
                }).start();
        try {
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(seen).hasSize(5));
            Awaitility.await().atMost(WAIT).until(() -> loop.inFlight() == 0);
        } finally {
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, int count) {
        for (int i = 0; i < count; i++) {
            PlainKafka.produce(broker.bootstrapServers(), topic, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
    }

    private static Properties consumer(EmbeddedKafkaBroker broker, String group) {
        return KafkaClients.consumer(KafkaClients.common(broker.bootstrapServers(), Map.of(), "test-" + group), group);
    }

    private static Long committed(EmbeddedKafkaBroker broker, String group, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? null : offset.offset();
        }
    }
}
