package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.internal.FinishedOffsetsCodec;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@WithEmbeddedKafka
class TransactionalLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void recordsOfOneKeyRunInOrderWhileOtherKeysOfThePartitionRunConcurrently(EmbeddedKafkaBroker broker) {
        Topics t = Topics.create(broker, "order");
        for (String kv : List.of("a:1", "b:1", "a:2", "c:1", "a:3", "b:2")) {
            produce(broker, t.in, kv.split(":")[0], kv);
        }
        Map<String, CompletableFuture<Processed<Void>>> running = new ConcurrentHashMap<>();
        TransactionalLoop loop =
                loop(broker, t, 10, record -> running.computeIfAbsent(value(record), v -> new CompletableFuture<>()));
        try {
            Awaitility.await().atMost(WAIT).until(() -> running.keySet().containsAll(List.of("a:1", "b:1", "c:1")));
            assertThat(running).doesNotContainKeys("a:2", "b:2");

            running.get("a:1").complete(Processed.of(List.of(output(t, "a:1"))));
            Awaitility.await().atMost(WAIT).until(() -> running.containsKey("a:2"));
            assertThat(running).doesNotContainKeys("a:3", "b:2");

            running.get("b:1").complete(Processed.of(List.of(output(t, "b:1"))));
            running.get("a:2").complete(Processed.of(List.of(output(t, "a:2"))));
            Awaitility.await().atMost(WAIT).until(() -> running.keySet().containsAll(List.of("a:3", "b:2")));
        } finally {
            running.values().forEach(f -> f.complete(Processed.none()));
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void pausesAtTheInFlightBoundAndResumesAsWorkFinishes(EmbeddedKafkaBroker broker) {
        Topics t = Topics.create(broker, "bound");
        for (int i = 0; i < 30; i++) {
            produce(broker, t.in, "k" + i, "v" + i);
        }
        Map<String, CompletableFuture<Processed<Void>>> running = new ConcurrentHashMap<>();
        TransactionalLoop loop =
                loop(broker, t, 4, record -> running.computeIfAbsent(value(record), v -> new CompletableFuture<>()));
        try {
            Awaitility.await().atMost(WAIT).until(() -> loop.inFlight() == 4 && loop.isPaused());
            assertThat(running).hasSize(4);
            Awaitility.await().atMost(WAIT).until(() -> {
                running.forEach((v, f) -> f.complete(Processed.of(List.of(output(t, v)))));
                return running.size() == 30 && loop.inFlight() == 0;
            });
            Awaitility.await().atMost(WAIT).until(() -> !loop.isPaused());
        } finally {
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void commitsNothingPastAnUnfinishedRecordYetNeverRepeatsFinishedOnes(EmbeddedKafkaBroker broker) throws Exception {
        Topics t = Topics.create(broker, "gap");
        for (int i = 0; i < 6; i++) {
            produce(broker, t.in, "k" + i, "v" + i);
        }
        List<String> processedFirst = new CopyOnWriteArrayList<>();
        TransactionalLoop first = loop(broker, t, 10, record -> {
            processedFirst.add(value(record));
            return value(record).equals("v1")
                    ? new CompletableFuture<>() // never finishes: the "crash" leaves it
                    : CompletableFuture.completedFuture(Processed.of(List.of(output(t, value(record)))));
        });
        try (RecordCollector outputs = RecordCollector.subscribe(broker.bootstrapServers(), t.out)) {
            outputs.await(list -> list.size() == 5, WAIT);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                OffsetAndMetadata committed = committed(broker, t);
                assertThat(committed).isNotNull();
                assertThat(committed.offset())
                        .as("v1 at offset 1 is unfinished")
                        .isEqualTo(1L);
                assertThat(committed.metadata()).startsWith("hs1:");
            });
            first.stop(Duration.ZERO).join();

            List<String> processedSecond = new CopyOnWriteArrayList<>();
            TransactionalLoop second = loop(broker, t, 10, record -> {
                processedSecond.add(value(record));
                return CompletableFuture.completedFuture(Processed.of(List.of(output(t, value(record)))));
            });
            try {
                outputs.await(list -> list.size() == 6, WAIT);
                assertThat(processedSecond)
                        .as("only the unfinished record runs again")
                        .containsExactly("v1");
                assertThat(outputs.records())
                        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .containsExactlyInAnyOrder("out-v0", "out-v1", "out-v2", "out-v3", "out-v4", "out-v5");
                Awaitility.await()
                        .atMost(WAIT)
                        .untilAsserted(
                                () -> assertThat(committed(broker, t).offset()).isEqualTo(6L));
            } finally {
                second.stop(Duration.ofSeconds(5)).join();
            }
        }
    }

    @Test
    void afterARestartEveryRecordBetweenTheCommittedOffsetAndAFinishedOneFarAboveRuns(EmbeddedKafkaBroker broker)
            throws Exception {
        Topics t = Topics.create(broker, "restart-span");
        for (int i = 0; i < 40; i++) {
            produce(broker, t.in, "k" + i, "v" + i);
        }
        // as a loop leaves it that stopped with offset 0 unfinished and offset 30 finished
        commit(broker, t, new OffsetAndMetadata(0, FinishedOffsetsCodec.encode(0, new TreeSet<>(List.of(30L)))));
        List<String> processed = new CopyOnWriteArrayList<>();
        // in flight 2: a poll fetches two records, so 0 finishes long before 2..29 are fetched
        TransactionalLoop loop = echoLoop(broker, t, 2, processed);
        try {
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(committed(broker, t).offset()).isEqualTo(40L));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (i != 30) {
                    expected.add("v" + i);
                }
            }
            assertThat(processed).as("every record but the finished one, once").containsExactlyElementsOf(expected);
        } finally {
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void aCorruptFinishedOffsetsValueIsRefusedAndThePartitionStartsAtItsCommittedOffset(EmbeddedKafkaBroker broker)
            throws Exception {
        Topics t = Topics.create(broker, "corrupt-metadata");
        for (int i = 0; i < 6; i++) {
            produce(broker, t.in, "k" + i, "v" + i);
        }
        commit(broker, t, new OffsetAndMetadata(3, "hs1:%%% not base64 %%%"));
        List<String> processed = new CopyOnWriteArrayList<>();
        TransactionalLoop loop = echoLoop(broker, t, 10, processed);
        try {
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(committed(broker, t).offset()).isEqualTo(6L));
            assertThat(processed).containsExactly("v3", "v4", "v5");
            assertThat(committed(broker, t).metadata())
                    .as("the corrupt value is replaced")
                    .isEmpty();
            assertThat(loop.failure()).isNull();
        } finally {
            loop.stop(Duration.ofSeconds(5)).join();
        }
    }

    @Test
    void aZombieThatLostItsPartitionCannotCommitItsOutput(EmbeddedKafkaBroker broker) throws Exception {
        Topics t = Topics.create(broker, "zombie");
        produce(broker, t.in, "k", "only");
        CountDownLatch zombieStarted = new CountDownLatch(1);
        CountDownLatch takenOver = new CountDownLatch(1);
        Properties consumer = consumerProps(broker, t);
        consumer.put("max.poll.interval.ms", "2000");
        consumer.put("session.timeout.ms", "6000");
        consumer.put("heartbeat.interval.ms", "500");
        TransactionalLoop zombie = new TransactionalLoop(
                        consumer,
                        producerProps(broker),
                        TransactionalLoop.Options.of("zombie", List.of(t.in), 10),
                        record -> {
                            zombieStarted.countDown();
                            // blocks the consumer thread past max.poll.interval.ms: the group evicts this member
                            await(takenOver, 30);
                            return CompletableFuture.completedFuture(Processed.of(List.of(output(t, "zombie"))));
                        })
                .start();
        TransactionalLoop successor = null;
        try (RecordCollector outputs = RecordCollector.subscribe(broker.bootstrapServers(), t.out)) {
            assertThat(zombieStarted.await(30, TimeUnit.SECONDS)).isTrue();
            successor = loop(
                    broker,
                    t,
                    10,
                    record -> CompletableFuture.completedFuture(Processed.of(List.of(output(t, "successor")))));
            outputs.await(list -> !list.isEmpty(), WAIT);
            takenOver.countDown();

            Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
            assertThat(outputs.records())
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("out-successor");
        } finally {
            takenOver.countDown();
            zombie.stop(Duration.ofSeconds(1)).join();
            if (successor != null) {
                successor.stop(Duration.ofSeconds(5)).join();
            }
        }
    }

    /** An input and an output topic, one partition each, and a group of the test's own. */
    private record Topics(String in, String out, String group) {
        static Topics create(EmbeddedKafkaBroker broker, String name) {
            String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            Topics topics = new Topics(id + "-in", id + "-out", id + "-group");
            PlainKafka.createTopics(broker.bootstrapServers(), 1, topics.in, topics.out);
            return topics;
        }
    }

    private static TransactionalLoop loop(
            EmbeddedKafkaBroker broker, Topics t, int maxInFlight, TransactionalProcessor<Void> processor) {
        return new TransactionalLoop(
                        consumerProps(broker, t),
                        producerProps(broker),
                        TransactionalLoop.Options.of("test", List.of(t.in), maxInFlight),
                        processor)
                .start();
    }

    /** A loop that notes each record's value in {@code processed} and finishes it at once with one output. */
    private static TransactionalLoop echoLoop(
            EmbeddedKafkaBroker broker, Topics t, int maxInFlight, List<String> processed) {
        return loop(broker, t, maxInFlight, record -> {
            processed.add(value(record));
            return CompletableFuture.completedFuture(Processed.of(List.of(output(t, value(record)))));
        });
    }

    private static Properties consumerProps(EmbeddedKafkaBroker broker, Topics t) {
        return KafkaClients.consumer(
                KafkaClients.common(broker.bootstrapServers(), Map.of(), "test-" + t.group), t.group);
    }

    private static Properties producerProps(EmbeddedKafkaBroker broker) {
        return KafkaClients.producer(KafkaClients.common(broker.bootstrapServers(), Map.of(), "test-producer"));
    }

    private static ProducerRecord<byte[], byte[]> output(Topics t, String value) {
        return new ProducerRecord<>(t.out, ("out-" + value).getBytes(StandardCharsets.UTF_8));
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, String key, String value) {
        PlainKafka.produce(broker.bootstrapServers(), topic, key, value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static OffsetAndMetadata committed(EmbeddedKafkaBroker broker, Topics t) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin.listConsumerGroupOffsets(t.group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition(t.in, 0));
        }
    }

    /** Sets the group's committed offset of the input partition, as a loop that stopped would have left it. */
    private static void commit(EmbeddedKafkaBroker broker, Topics t, OffsetAndMetadata offset) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.alterConsumerGroupOffsets(t.group, Map.of(new TopicPartition(t.in, 0), offset))
                    .all()
                    .get();
        }
    }

    private static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
