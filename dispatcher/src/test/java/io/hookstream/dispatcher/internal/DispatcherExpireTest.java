package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.Processed;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.testing.MutableClock;
import io.hookstream.testing.TestSigning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's deadlines as the loop's tick will call them: {@code expire(now)} on the consumer's thread returns,
 * per requests-topic partition, the records to commit with that partition's offsets, and {@code publish} shows the
 * changed runs once they are committed.
 */
class DispatcherExpireTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final DispatcherConfig config = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()));
    private final RunViews views = new RunViews(clock);
    private final HookDeadlines deadlines = new HookDeadlines(config.runs().resultGrace());
    private final RunBook book = new RunBook(
            new OutboundEvents(config.kafka().topics(), "/test", null),
            new RequestValidator(config),
            () -> EchoCatalog.loadedAt(T0),
            config.runs().retention(),
            config.secretParams(),
            deadlines,
            clock);
    private final DispatcherProcessor processor = new DispatcherProcessor(
            config.kafka().topics(), 4, book, views, null, config.runs().retention(), new SimpleMeterRegistry());

    @Test
    void anExpiredHookGivesItsRunsPartitionTheResultOutcomeAndSnapshotAndTheViewShowsOnceCommitted() throws Exception {
        String runId = runIdOwnedBy(2);
        ConsumerRecord<byte[], byte[]> request = request(runId, 2);
        processor.onCommitted(
                List.of(processor.process(request).toCompletableFuture().get().token()));
        assertThat(views.get(runId).status()).isEqualTo(RunStatus.Running);

        assertThat(processor.onTick(clock.instant())).as("nothing is due").isEmpty();
        clock.advance(Duration.ofHours(1));
        Map<TopicPartition, Processed<Changes>> expired = processor.onTick(clock.instant());

        TopicPartition owner = new TopicPartition(config.kafka().topics().requests(), 2);
        assertThat(expired).containsOnlyKeys(owner);
        List<ProducerRecord<byte[], byte[]>> records = expired.get(owner).outputs();
        assertThat(records)
                .extracting(ProducerRecord::topic)
                .containsExactly(
                        config.kafka().topics().results(),
                        config.kafka().topics().runs(),
                        config.kafka().topics().dispatcherState());
        HookResult result = Json.mapper().readValue(records.get(0).value(), HookResult.class);
        assertThat(result.status()).isEqualTo(HookStatus.TimedOut);
        assertThat(result.reason()).isEqualTo(Reasons.NO_RESULT);
        assertThat(views.get(runId).status()).as("not committed yet").isEqualTo(RunStatus.Running);

        processor.onCommitted(List.of(expired.get(owner).token()));

        assertThat(views.get(runId).status()).isEqualTo(RunStatus.Failed);
        assertThat(views.get(runId).hooks().get(0).reason()).isEqualTo(Reasons.NO_RESULT);
    }

    @Test
    void theExpiredResultReadBackFromTheResultsTopicChangesNothing() throws Exception {
        String runId = runIdOwnedBy(1);
        processor.process(request(runId, 1));
        clock.advance(Duration.ofHours(1));
        ProducerRecord<byte[], byte[]> written = processor
                .onTick(clock.instant())
                .get(new TopicPartition(config.kafka().topics().requests(), 1))
                .outputs()
                .get(0);

        List<ProducerRecord<byte[], byte[]>> again = processor
                .process(new ConsumerRecord<>(written.topic(), 1, 7, written.key(), written.value()))
                .toCompletableFuture()
                .get()
                .outputs();

        assertThat(again).isEmpty();
    }

    private static String runIdOwnedBy(int partition) {
        for (int i = 0; ; i++) {
            String id = "run-" + i;
            if (io.hookstream.kafka.Partitioning.partitionFor(id, 4) == partition) {
                return id;
            }
        }
    }

    private static ConsumerRecord<byte[], byte[]> request(String runId, int partition) {
        String json = """
                {"runId": "%s", "phase": "pre-backup",
                 "session": {"name": "s", "namespace": "demo", "invoker": {"kind": "BackupConfiguration", "name": "b"}},
                 "hooks": [{"name": "a", "hookTemplate": {"name": "echo", "namespace": "demo"}, "timeout": "1m"}]}
                """.formatted(runId);
        return new ConsumerRecord<>(
                io.hookstream.kafka.TopicNames.defaults().requests(),
                partition,
                0,
                runId.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
