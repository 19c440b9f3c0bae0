package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.kafka.Processed;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class OutputTooLargeTest {

    private final TopicNames topics = TopicNames.defaults();
    private final HookEventProcessor processor = new HookEventProcessor(
            null,
            null,
            topics,
            "/test",
            new Properties(),
            Duration.ofMinutes(1),
            new WorkerMetrics(new SimpleMeterRegistry()),
            SecretParams.defaults(),
            null,
            null,
            new Cancellations(Duration.ofMinutes(1), Clock.systemUTC()));

    @Test
    void aResultTooLargeForKafkaBecomesAFailedResultSoTheRunStillGetsAnAnswer() throws Exception {
        HookEvent event = new HookEvent(
                "run-1/0",
                "run-1",
                Phase.PRE_BACKUP,
                0,
                1,
                "dump",
                new TemplateRef("t", "demo"),
                new SessionSummary(
                        "s",
                        "demo",
                        new ObjectReference("core.kubestash.com", "BackupConfiguration", "demo", "b"),
                        null,
                        null),
                new HookExecutor(ExecutorType.Operator, null, null),
                new HookAction(new ExecAction(List.of("true")), null, null, null, null),
                Map.of(),
                0,
                "30s",
                Instant.now(),
                null,
                null,
                null,
                null,
                null);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                topics.hooks(Phase.PRE_BACKUP),
                0,
                7L,
                "run-1".getBytes(StandardCharsets.UTF_8),
                Json.mapper().writeValueAsBytes(event));

        Processed<String> replacement = processor.onOutputTooLarge(
                record,
                Processed.of(List.of(), "run-1/0"),
                "an output of 2000000 bytes exceeds max.request.size 1048576");

        assertThat(replacement.token())
                .as("the hook id, told once the result is committed")
                .isEqualTo("run-1/0");
        assertThat(replacement.outputs()).singleElement().satisfies(out -> {
            assertThat(out.topic()).isEqualTo(topics.results());
            JsonNode result = Json.mapper().readTree(out.value());
            assertThat(result.get("hookId").asText()).isEqualTo("run-1/0");
            assertThat(result.get("status").asText()).isEqualTo("Failed");
            assertThat(result.get("reason").asText()).isEqualTo("OutputTooLarge");
            assertThat(result.get("message").asText()).contains("the hook ran", "max.request.size");
        });
    }

    @Test
    void anUnreadableRecordWhoseOutputIsTooLargeIsDeadLettered() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                topics.hooks(Phase.PRE_BACKUP), 0, 8L, null, "not json".getBytes(StandardCharsets.UTF_8));

        assertThat(processor
                        .onOutputTooLarge(record, Processed.none(), "too large")
                        .outputs())
                .singleElement()
                .satisfies(out -> assertThat(out.topic()).isEqualTo(topics.dlq()));
    }
}
