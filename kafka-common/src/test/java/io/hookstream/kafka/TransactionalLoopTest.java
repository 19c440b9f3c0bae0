package io.hookstream.kafka;

import static io.hookstream.kafka.MockLoopClients.P0;
import static io.hookstream.kafka.MockLoopClients.P1;
import static io.hookstream.kafka.MockLoopClients.output;
import static io.hookstream.kafka.MockLoopClients.record;
import static io.hookstream.kafka.MockLoopClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.internal.FinishedOffsetsCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop on Kafka's MockConsumer/MockProducer with a fixed clock: what it hands out, when, and what each
 * transaction commits (outputs, offsets and their {@code hs1:} metadata, tokens). The same guarantees against a real
 * broker are in {@link TransactionalLoopIT}.
 */
class TransactionalLoopTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    /** A commit interval no test waits for: only the forced commits of a revoke or a stop happen. */
    private static final Duration NEVER = Duration.ofHours(1);

    private final MockLoopClients kafka = new MockLoopClients();
    private final Recorder processor = new Recorder();
    private TransactionalLoop loop;

    @AfterEach
    void stop() {
        processor.running.values().forEach(f -> f.complete(Processed.none()));
        if (loop != null) {
            loop.stop(Duration.ofSeconds(1)).join();
        }
    }

    @Test
    void recordsOfOneKeyRunOneAtATimeInOrderWhileOtherKeysRunAlongside() {
        processor.hold();
        start(10, Duration.ZERO);
        kafka.fetchable(
                record(P0, 0, "a", "a1"), record(P0, 1, "b", "b1"), record(P0, 2, "a", "a2"), record(P0, 3, "a", "a3"));

        await().until(() -> processor.started.containsAll(List.of("a1", "b1")));
        assertThat(processor.started).doesNotContain("a2", "a3");
        processor.finish("a1");
        await().until(() -> processor.started.contains("a2"));
        assertThat(processor.started).doesNotContain("a3");
        processor.finish("b1");
        processor.finish("a2");
        await().until(() -> processor.started.contains("a3"));
        processor.finish("a3");

        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(4, "")));
        assertThat(values(kafka.committedOutputs())).containsExactly("out-a1", "out-b1", "out-a2", "out-a3");
    }

    @Test
    void pausesItsPartitionsAtTheInFlightBoundAndResumesThemAsWorkFinishes() {
        processor.hold();
        start(2, Duration.ZERO);
        kafka.fetchable(
                record(P0, 0, "k0", "v0"),
                record(P0, 1, "k1", "v1"),
                record(P0, 2, "k2", "v2"),
                record(P1, 0, "k3", "v3"));

        await().until(() -> loop.inFlight() == 2 && loop.isPaused());
        assertThat(processor.started).hasSize(2);
        assertThat(kafka.consumer().paused()).contains(P0, P1);

        await().until(() -> {
            processor.running.keySet().forEach(processor::finish);
            return processor.started.size() == 4 && loop.inFlight() == 0;
        });
        await().until(() -> !loop.isPaused());
        await().untilAsserted(() -> {
            assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(3, ""));
            assertThat(kafka.committed(P1)).isEqualTo(new OffsetAndMetadata(1, ""));
        });
        assertThat(kafka.consumer().paused()).isEmpty();
    }

    @Test
    void commitsAtTheLowestUnfinishedOffsetWithTheFinishedOnesAboveItInTheMetadata() {
        processor.hold();
        start(10, Duration.ZERO);
        kafka.fetchable(
                record(P0, 0, "k0", "v0"),
                record(P0, 1, "k1", "v1"),
                record(P0, 2, "k2", "v2"),
                record(P0, 3, "k3", "v3"));
        await().until(() -> processor.started.size() == 4);

        processor.finish("v0");
        processor.finish("v2");
        processor.finish("v3");
        await().untilAsserted(() -> {
            OffsetAndMetadata committed = kafka.committed(P0);
            assertThat(committed).isNotNull();
            assertThat(committed.offset()).as("v1 at offset 1 is unfinished").isEqualTo(1);
            assertThat(committed.metadata()).startsWith("hs1:");
            assertThat(FinishedOffsetsCodec.decode(1, committed.metadata()).finished())
                    .containsExactly(2L, 3L);
        });
        assertThat(values(kafka.committedOutputs())).containsExactlyInAnyOrder("out-v0", "out-v2", "out-v3");

        processor.finish("v1");
        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(4, "")));
        assertThat(processor.committedTokens).containsExactlyInAnyOrder("v0", "v1", "v2", "v3");
    }

    @Test
    void anAbortedTransactionsOutputsAndTokensAreSentAgainInTheNext() {
        start(10, Duration.ZERO);
        kafka.failNextCommit(new KafkaException("the broker refused the transaction"));
        kafka.fetchable(record(P0, 0, "k0", "v0"));

        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(1, "")));
        assertThat(kafka.committedOffsets())
                .as("one transaction committed, after the aborted one")
                .hasSize(1);
        assertThat(values(kafka.committedOutputs())).containsExactly("out-v0");
        assertThat(processor.committedTokens).containsExactly("v0");
        assertThat(kafka.producers())
                .as("an aborted transaction keeps the producer")
                .hasSize(1);
        assertThat(processor.started).as("the record is not processed again").containsExactly("v0");
    }

    @Test
    void aFencedProducerIsReplacedAndTheLoopRestartsFromTheCommittedOffsetsDroppingWhatItHeld() {
        processor.hold();
        start(10, Duration.ZERO);
        ConsumerRecord<byte[], byte[]> v0 = record(P0, 0, "k0", "v0");
        ConsumerRecord<byte[], byte[]> v1 = record(P0, 1, "k1", "v1");
        kafka.fetchable(v0, v1);
        await().until(() -> processor.started.size() == 2);
        processor.finish("v0");
        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(1, "")));

        kafka.failNextCommit(new ProducerFencedException("another producer with this transactional id"));
        processor.finish("v1");
        await().until(() -> processor.dropped.contains(P0));
        assertThat(kafka.producers()).as("a fenced producer is replaced").hasSize(2);
        assertThat(kafka.producers().get(0).closed()).isTrue();

        kafka.fetchable(v0, v1); // fetched again from the committed offset: v0 is below it
        await().until(() -> processor.started.size() == 3);
        assertThat(processor.started)
                .as("only the record after the committed offset runs again")
                .containsExactly("v0", "v1", "v1");
        processor.finish("v1");
        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(2, "")));
        assertThat(values(kafka.producers().get(0).history())).containsExactly("out-v0");
        assertThat(values(kafka.producers().get(1).history())).containsExactly("out-v1");
        assertThat(processor.committedTokens).containsExactly("v0", "v1");
    }

    @Test
    void aStaleGenerationRestartsFromTheCommittedOffsetsWithTheSameProducer() {
        start(10, NEVER);
        kafka.failNextCommit(new CommitFailedException("the group rebalanced"));
        kafka.fetchable(record(P0, 0, "k0", "v0"));
        await().until(() -> processor.started.size() == 1);

        loop.stop(Duration.ofSeconds(5)).join(); // its forced commit meets the stale generation

        assertThat(processor.dropped).contains(P0);
        assertThat(kafka.producers()).hasSize(1);
        assertThat(kafka.committedOutputs()).isEmpty();
        assertThat(kafka.committed(P0)).isNull();
        assertThat(processor.committedTokens).isEmpty();
    }

    @Test
    void aRevokedPartitionCommitsWhatFinishedThenDropsItsUnfinishedWork() {
        processor.hold();
        start(10, NEVER);
        kafka.fetchable(record(P0, 0, "k0", "v0"), record(P1, 0, "k1", "v1"), record(P1, 1, "k2", "v2"));
        await().until(() -> processor.started.size() == 3);
        processor.finish("v0");
        processor.finish("v1");
        await().until(() -> loop.inFlight() == 1);

        kafka.assign(P0);
        await().until(() -> processor.dropped.contains(P1));
        assertThat(kafka.committedOffsets())
                .as("the revoke's commit")
                .singleElement()
                .satisfies(offsets -> {
                    assertThat(offsets.get(P0)).isEqualTo(new OffsetAndMetadata(1, ""));
                    assertThat(offsets.get(P1)).as("v2 is unfinished").isEqualTo(new OffsetAndMetadata(1, ""));
                });
        assertThat(values(kafka.committedOutputs())).containsExactlyInAnyOrder("out-v0", "out-v1");
        assertThat(loop.assignment()).containsExactly(P0);

        processor.finish("v2");
        loop.stop(Duration.ofSeconds(5)).join();
        assertThat(values(kafka.committedOutputs()))
                .as("the new owner runs v2 again")
                .doesNotContain("out-v2");
    }

    @Test
    void aLostPartitionsFinishedWorkIsDiscardedWithoutACommit() {
        start(10, NEVER);
        kafka.fetchable(record(P0, 0, "k0", "v0"), record(P1, 0, "k1", "v1"));
        await().until(() -> processor.started.size() == 2 && loop.inFlight() == 0);

        kafka.lose(P1);
        await().until(() -> processor.dropped.contains(P1));
        assertThat(kafka.committedOffsets())
                .as("nothing is committed for a lost partition")
                .isEmpty();

        loop.stop(Duration.ofSeconds(5)).join();
        assertThat(kafka.committedOffsets())
                .singleElement()
                .satisfies(offsets -> assertThat(offsets).containsOnlyKeys(P0));
        assertThat(values(kafka.committedOutputs())).containsExactly("out-v0");
        assertThat(processor.committedTokens).containsExactly("v0");
    }

    @Test
    void aTicksOutputsAreCommittedWithThePartitionsOffsetsAndItsTokenHandedBack() {
        processor.tick = now -> Map.of(
                P0,
                Processed.of(List.of(output("deadline")), "tick@" + now),
                new TopicPartition("not-mine", 0),
                Processed.of(List.of(output("stray")), "stray"));
        start(10, Duration.ZERO, Duration.ofMillis(20));

        await().untilAsserted(() -> assertThat(processor.committedTokens).contains("tick@" + NOW));
        assertThat(kafka.committed(P0))
                .as("committed with the partition's offset")
                .isEqualTo(new OffsetAndMetadata(0, ""));
        assertThat(values(kafka.committedOutputs())).contains("deadline").doesNotContain("stray");
        assertThat(processor.committedTokens).doesNotContain("stray");
        assertThat(processor.ticks).allMatch(NOW::equals);
    }

    @Test
    void aTicksUncommittedOutputsAreDroppedWithTheirPartition() {
        processor.tick = now -> Map.of(P1, Processed.of(List.of(output("deadline")), "tick"));
        start(10, NEVER, Duration.ofMillis(20));
        int ticksBefore = processor.ticks.size(); // P1 is owned from now on
        await().until(() -> processor.ticks.size() > ticksBefore);

        kafka.lose(P1);
        await().until(() -> processor.dropped.contains(P1));
        processor.tick = now -> Map.of();
        loop.stop(Duration.ofSeconds(5)).join();

        assertThat(kafka.committedOutputs()).isEmpty();
        assertThat(processor.committedTokens).isEmpty();
    }

    @Test
    void anOutputTooLargeIsReplacedByWhatTheProcessorGivesForTheRejectedToken() {
        processor.behaviour = record -> CompletableFuture.completedFuture(
                Processed.of(List.of(new ProducerRecord<>(MockLoopClients.OUT, 0, null, new byte[2_000])), "big"));
        processor.tooLarge = (rejected, problem) ->
                Processed.of(List.of(output("dead letter: " + rejected.token())), "instead of " + rejected.token());
        start(10, Duration.ZERO);
        kafka.fetchable(record(P0, 0, "k0", "v0"));

        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(1, "")));
        assertThat(values(kafka.committedOutputs())).containsExactly("dead letter: big");
        assertThat(processor.committedTokens).containsExactly("instead of big");
        assertThat(processor.problems).singleElement().asString().contains("more than the 1000 bytes");
    }

    @Test
    void aPartitionsRecordsWaitUntilTheProcessorHasPreparedIt() {
        CompletableFuture<java.util.function.Consumer<Collection<TopicPartition>>> prepared = new CompletableFuture<>();
        List<Collection<TopicPartition>> applied = new CopyOnWriteArrayList<>();
        processor.preparation = partitions -> prepared;
        start(10, Duration.ZERO);
        kafka.fetchable(record(P0, 0, "k0", "v0"));

        await().during(Duration.ofMillis(200)).until(() -> processor.started.isEmpty());
        assertThat(kafka.consumer().paused()).as("held back while preparing").contains(P0, P1);
        prepared.complete(applied::add);

        await().until(() -> processor.started.contains("v0"));
        assertThat(applied).singleElement().satisfies(p -> assertThat(p).containsExactlyInAnyOrder(P0, P1));
    }

    @Test
    void aStopWaitsForTheRecordsHandedOutAndCommitsWhatFinished() {
        processor.hold();
        start(10, NEVER);
        kafka.fetchable(record(P0, 0, "k0", "v0"), record(P0, 1, "k1", "v1"));
        await().until(() -> processor.started.size() == 2);
        processor.finish("v0");

        CompletableFuture<Void> stopped = loop.stop(Duration.ofSeconds(20));
        await().during(Duration.ofMillis(200)).until(() -> !stopped.isDone());
        processor.finish("v1");
        await().until(stopped::isDone);

        assertThat(kafka.committedOffsets())
                .singleElement()
                .satisfies(offsets -> assertThat(offsets.get(P0)).isEqualTo(new OffsetAndMetadata(2, "")));
        assertThat(values(kafka.committedOutputs())).containsExactly("out-v0", "out-v1");
    }

    @Test
    void aRecordWhoseProcessingFailsFinishesWithNoOutputAndDoesNotHoldUpItsKey() {
        processor.behaviour = record -> text(record.value()).equals("v0")
                ? CompletableFuture.failedFuture(new IllegalStateException("the processor broke"))
                : CompletableFuture.completedFuture(Processed.of(List.of(output("out-" + text(record.value())))));
        start(10, Duration.ZERO);
        kafka.fetchable(record(P0, 0, "k", "v0"), record(P0, 1, "k", "v1"));

        await().untilAsserted(() -> assertThat(kafka.committed(P0)).isEqualTo(new OffsetAndMetadata(2, "")));
        assertThat(values(kafka.committedOutputs())).containsExactly("out-v1");
        assertThat(loop.isRunning()).isTrue();
    }

    @Test
    void aStaticMemberAsksForOneRebalanceAfterItsFirstAssignmentSoThatPartitionsLeftBetweenTwoAreAssigned() {
        Properties consumer = new Properties();
        consumer.put("group.instance.id", "worker-a-0");
        start(10, Duration.ZERO, Duration.ofHours(1), consumer);

        await().until(() -> kafka.consumer().shouldRebalance());
        kafka.consumer().resetShouldRebalance();
        kafka.assign(P0); // a later assignment: no second request
        await().until(() -> loop.assignment().size() == 1);
        kafka.fetchable(record(P0, 0, "k0", "v0"));
        await().until(() -> processor.started.contains("v0"));

        assertThat(kafka.consumer().shouldRebalance()).isFalse();
    }

    @Test
    void aDynamicMemberDoesNotAskForARebalance() {
        start(10, Duration.ZERO);
        kafka.fetchable(record(P0, 0, "k0", "v0"));
        await().until(() -> processor.started.contains("v0"));

        assertThat(kafka.consumer().shouldRebalance()).isFalse();
    }

    private void start(int maxInFlight, Duration commitInterval) {
        start(maxInFlight, commitInterval, Duration.ofHours(1));
    }

    private void start(int maxInFlight, Duration commitInterval, Duration tickInterval) {
        start(maxInFlight, commitInterval, tickInterval, new Properties());
    }

    private void start(int maxInFlight, Duration commitInterval, Duration tickInterval, Properties consumer) {
        Properties producer = new Properties();
        producer.put("max.request.size", "1000");
        TransactionalLoop.Options options = TransactionalLoop.Options.of(
                        "unit", List.of(MockLoopClients.IN), maxInFlight, commitInterval)
                .withPollTimeout(Duration.ofMillis(20))
                .withTickInterval(tickInterval);
        loop = new TransactionalLoop(consumer, producer, options, processor, kafka, Clock.fixed(NOW, ZoneOffset.UTC))
                .start();
        kafka.assign(P0, P1);
        await().until(() -> loop.assignment().size() == 2);
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5));
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> text(r.value())).toList();
    }

    /** A processor that notes what the loop tells it; by default it finishes each record at once. */
    private static final class Recorder implements TransactionalProcessor<String> {
        final List<String> started = new CopyOnWriteArrayList<>();
        final Map<String, CompletableFuture<Processed<String>>> running = new ConcurrentHashMap<>();
        final List<String> committedTokens = new CopyOnWriteArrayList<>();
        final List<TopicPartition> dropped = new CopyOnWriteArrayList<>();
        final List<Instant> ticks = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        volatile Function<ConsumerRecord<byte[], byte[]>, CompletionStage<Processed<String>>> behaviour =
                record -> CompletableFuture.completedFuture(finished(text(record.value())));
        volatile Function<Instant, Map<TopicPartition, Processed<String>>> tick = now -> Map.of();
        volatile java.util.function.BiFunction<Processed<String>, String, Processed<String>> tooLarge =
                (rejected, problem) -> Processed.none();
        volatile Function<
                        Collection<TopicPartition>,
                        CompletionStage<java.util.function.Consumer<Collection<TopicPartition>>>>
                preparation = partitions -> CompletableFuture.completedFuture(stillAssigned -> {});

        /** Records are held until {@link #finish} is called with their value. */
        void hold() {
            behaviour = record -> running.computeIfAbsent(text(record.value()), v -> new CompletableFuture<>());
        }

        void finish(String value) {
            running.get(value).complete(finished(value));
        }

        private static Processed<String> finished(String value) {
            return Processed.of(List.of(output("out-" + value)), value);
        }

        @Override
        public CompletionStage<Processed<String>> process(ConsumerRecord<byte[], byte[]> record) {
            started.add(text(record.value()));
            return behaviour.apply(record);
        }

        @Override
        public Map<TopicPartition, Processed<String>> onTick(Instant now) {
            ticks.add(now);
            return tick.apply(now);
        }

        @Override
        public Processed<String> onOutputTooLarge(
                ConsumerRecord<byte[], byte[]> record, Processed<String> rejected, String problem) {
            problems.add(problem);
            return tooLarge.apply(rejected, problem);
        }

        @Override
        public void onCommitted(List<String> tokens) {
            committedTokens.addAll(tokens);
        }

        @Override
        public CompletionStage<java.util.function.Consumer<Collection<TopicPartition>>> prepare(
                Collection<TopicPartition> partitions) {
            return preparation.apply(partitions);
        }

        @Override
        public void onDropped(Collection<TopicPartition> partitions) {
            dropped.addAll(partitions);
        }
    }
}
