package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.DeadLetterPublisher;
import io.hookstream.kafka.RecordProcessor;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.Reasons;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles what the dispatcher consumes: run requests (accepted, rejected, or dead-lettered when unreadable) and
 * hook results (applied to their run; unreadable ones dead-lettered).
 */
final class InboundProcessor implements RecordProcessor {

    private final TopicNames topics;
    private final RunCoordinator coordinator;
    private final DeadLetterPublisher deadLetters;

    InboundProcessor(TopicNames topics, RunCoordinator coordinator, DeadLetterPublisher deadLetters) {
        this.topics = topics;
        this.coordinator = coordinator;
        this.deadLetters = deadLetters;
    }

    @Override
    public CompletionStage<?> process(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(topics.results())) {
            return result(record);
        }
        return request(record);
    }

    private CompletionStage<?> request(ConsumerRecord<byte[], byte[]> record) {
        RunRequestReader.Read read = RunRequestReader.read(record.value(), CloudEvents.attributes(record.headers()));
        if (read instanceof RunRequestReader.Parsed parsed) {
            return coordinator.submit(parsed.request()).toCompletionStage();
        }
        if (read instanceof RunRequestReader.Invalid invalid) {
            return coordinator.reject(invalid.runId(), null, null, invalid.problem()).toCompletionStage();
        }
        return deadLetters.publish(record, Reasons.MALFORMED_RECORD, ((RunRequestReader.Malformed) read).message());
    }

    private CompletionStage<?> result(ConsumerRecord<byte[], byte[]> record) {
        HookResult result;
        try {
            result = Json.mapper().readValue(record.value(), HookResult.class);
        } catch (IOException | RuntimeException e) {
            return deadLetters.publish(record, Reasons.MALFORMED_RECORD, "not a hook result: " + e.getMessage());
        }
        if (result.runId() == null || result.hookId() == null || result.status() == null) {
            return deadLetters.publish(record, Reasons.MALFORMED_RECORD,
                    "hook result lacks runId, hookId or status");
        }
        return coordinator.onResult(result).toCompletionStage();
    }

}
