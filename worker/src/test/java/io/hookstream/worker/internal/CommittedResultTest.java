package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.Processed;
import io.hookstream.kafka.SecretParams;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.event.Phase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The loop hands a committed result's hook id back to the worker (its commit token), and the worker's duplicate
 * check counts that hook as done from then on, without reading anything back out of the result's headers.
 */
class CommittedResultTest {

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
            new Cancellations(Duration.ofMinutes(1), java.time.Clock.systemUTC()));

    @Test
    void aHookWhoseResultTheLoopReportsCommittedIsSkippedWhenItsEventComesAgain() throws Exception {
        ConsumerRecord<byte[], byte[]> event = new ConsumerRecord<>(
                topics.hooks(Phase.PRE_BACKUP), 0, 3L, "run-7".getBytes(StandardCharsets.UTF_8), """
                {"hookId": "run-7/0", "runId": "run-7", "phase": "pre-backup", "hookIndex": 0, "hookCount": 1,
                 "hookName": "dump", "template": {"name": "t"}, "executor": {"type": "Operator"},
                 "action": {"exec": {"command": ["true"]}}, "maxRetry": 0, "timeout": "30s"}
                """.getBytes(
                                StandardCharsets.UTF_8));

        processor.onCommitted(List.of("run-7/0"));
        processor.onDropped(List.of(new TopicPartition(event.topic(), 0))); // committed ids outlive the partition

        Processed<String> again = processor.process(event).toCompletableFuture().get();
        assertThat(again.outputs()).as("no second result").isEmpty();
        assertThat(again.token()).isNull();
    }
}
