package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.Processed;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.testing.TestSigning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What the dispatcher commits when a record's outputs are too large for Kafka (the loop then commits
 * {@code onOutputTooLarge}'s records instead): the run the record changed ends Failed with reason OutputTooLarge,
 * and the run book and its views show what is committed. Called the way {@code TransactionalLoop} calls it:
 * {@code process}, then {@code onOutputTooLarge} for the same record, then {@code onCommitted}.
 */
class DispatcherOutputTooLargeTest {

    private final DispatcherConfig config = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()));
    private final RunViews views = new RunViews(Clock.systemUTC());
    private final HookDeadlines deadlines = new HookDeadlines(config.runs().resultGrace());
    private final RunBook book = new RunBook(
            new OutboundEvents(
                    config.kafka().topics(), "/test", config.hookSigning().signer(Clock.systemUTC())),
            new RequestValidator(config),
            () -> EchoCatalog.loadedAt(Instant.now()),
            config.runs().retention(),
            config.secretParams(),
            deadlines,
            Clock.systemUTC());
    private final DispatcherProcessor processor = new DispatcherProcessor(
            config.kafka().topics(), 1, book, views, null, config.runs().retention(), new SimpleMeterRegistry());

    @Test
    void anAcceptedRunWhoseOutputsAreTooLargeEndsFailedInsteadOfShowingRunning() throws Exception {
        ConsumerRecord<byte[], byte[]> request = request("big-1");

        Processed<Changes> processed =
                processor.process(request).toCompletableFuture().get();
        assertThat(processed.outputs())
                .extracting(ProducerRecord::topic)
                .contains(config.kafka().topics().hooks(io.hookstream.schemas.event.Phase.PRE_BACKUP));
        Processed<Changes> replaced = processor.onOutputTooLarge(request, processed, "an output is too large");
        processor.onCommitted(List.of(replaced.token()));
        List<ProducerRecord<byte[], byte[]>> instead = replaced.outputs();

        assertThat(instead)
                .extracting(ProducerRecord::topic)
                .containsExactly(
                        config.kafka().topics().dlq(),
                        config.kafka().topics().runs(),
                        config.kafka().topics().dispatcherState());
        RunOutcome outcome = Json.mapper().readValue(instead.get(1).value(), RunOutcome.class);
        assertThat(outcome.runId()).isEqualTo("big-1");
        assertThat(outcome.status()).isEqualTo(RunStatus.Failed);
        assertThat(outcome.reason()).isEqualTo("OutputTooLarge");
        assertThat(outcome.hooks()).singleElement().satisfies(hook -> {
            assertThat(hook.status()).isEqualTo(HookStatus.Skipped);
            assertThat(hook.reason()).isEqualTo("OutputTooLarge");
        });
        assertThat(views.get("big-1").status())
                .as("the view published after the commit")
                .isEqualTo(RunStatus.Failed);
        assertThat(deadlines.size())
                .as("no deadline left for the hook event never sent")
                .isZero();
    }

    @Test
    void theRunsSnapshotHasNoPlanAndRestoresAsTheSameFailedRun() throws Exception {
        ConsumerRecord<byte[], byte[]> request = request("big-2");
        List<ProducerRecord<byte[], byte[]>> instead = tooLarge(request);

        RunSnapshot snapshot = Json.mapper().readValue(instead.get(2).value(), RunSnapshot.class);
        assertThat(snapshot.plan()).isNull();
        RunOutcome restored = RunState.fromSnapshot(snapshot).toOutcome();
        assertThat(restored.status()).isEqualTo(RunStatus.Failed);
        assertThat(restored.reason()).isEqualTo("OutputTooLarge");
        assertThat(restored.hooks()).extracting(h -> h.status()).containsExactly(HookStatus.Skipped);
    }

    @Test
    void aRepeatOfTheRequestChangesNothing() throws Exception {
        ConsumerRecord<byte[], byte[]> request = request("big-3");
        Processed<Changes> processed =
                processor.process(request).toCompletableFuture().get();
        processor.onCommitted(List.of(processor
                .onOutputTooLarge(request, processed, "an output is too large")
                .token()));

        List<ProducerRecord<byte[], byte[]>> again =
                processor.process(request("big-3")).toCompletableFuture().get().outputs();

        assertThat(again).isEmpty();
        assertThat(views.get("big-3").status()).isEqualTo(RunStatus.Failed);
    }

    @Test
    void whatWasTooLargeIsNotInTheReplacementOutcome() throws Exception {
        // the Rejected outcome quotes the 600 KB template name: the outcome that replaces it must not
        ConsumerRecord<byte[], byte[]> request = request("big-4", "x".repeat(600_000));
        List<ProducerRecord<byte[], byte[]>> instead = tooLarge(request);

        assertThat(instead.get(1).value().length).isLessThan(4_000);
        assertThat(instead.get(2).value().length).isLessThan(4_000);
        RunOutcome outcome = Json.mapper().readValue(instead.get(1).value(), RunOutcome.class);
        assertThat(outcome.status()).isEqualTo(RunStatus.Failed);
        assertThat(outcome.problems()).isNull();
    }

    /** Processes {@code request}, then has the processor replace its outputs as if they were too large. */
    private List<ProducerRecord<byte[], byte[]>> tooLarge(ConsumerRecord<byte[], byte[]> request) throws Exception {
        Processed<Changes> processed =
                processor.process(request).toCompletableFuture().get();
        return processor
                .onOutputTooLarge(request, processed, "an output is too large")
                .outputs();
    }

    private static ConsumerRecord<byte[], byte[]> request(String runId) {
        return request(runId, "echo");
    }

    private static ConsumerRecord<byte[], byte[]> request(String runId, String template) {
        String json = """
                {"runId": "%s", "phase": "pre-backup",
                 "session": {"name": "s", "namespace": "demo", "invoker": {"kind": "BackupConfiguration", "name": "b"}},
                 "hooks": [{"name": "a", "hookTemplate": {"name": "%s", "namespace": "demo"}}]}
                """.formatted(runId, template);
        return new ConsumerRecord<>(
                "hookstream.requests",
                0,
                0,
                runId.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
