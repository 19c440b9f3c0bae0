package io.hookstream.worker.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.DeadLetterPublisher;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.RecordProcessor;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.worker.executor.Execution;
import io.hookstream.worker.executor.ExecutionReport;
import io.hookstream.worker.executor.HookRunner;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a hook event into an execution and its report into a result event on the results topic; unreadable
 * records go to the dead-letter topic. A record is done once its result (or dead letter) is acknowledged.
 */
final class HookEventProcessor implements RecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(HookEventProcessor.class);

    private final Context context;
    private final HookRunner runner;
    private final EventPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final TopicNames topics;
    private final String source;

    HookEventProcessor(Context context, HookRunner runner, EventPublisher publisher, DeadLetterPublisher deadLetters,
                       TopicNames topics, String source) {
        this.context = context;
        this.runner = runner;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.source = source;
    }

    @Override
    public CompletionStage<?> process(ConsumerRecord<byte[], byte[]> record) {
        HookEventReader.Read read = HookEventReader.read(record.value());
        if (!read.ok()) {
            return deadLetters.publish(record, Reasons.MALFORMED_RECORD, read.problem());
        }
        HookEvent event = read.event();
        Execution execution = new Execution(event.runId(), event.hookId(), event.hookName(), event.session(),
                event.executor(), event.action(), event.params(), read.timeout(), event.maxRetry());
        LOG.info("runId={} hook={} starting ({} executor, timeout {}, maxRetry {})", event.runId(), event.hookName(),
                event.executor().type(), event.timeout(), event.maxRetry());
        CompletableFuture<ExecutionReport> report = new CompletableFuture<>();
        context.runOnContext(v -> runner.run(execution).onComplete(ar -> {
            if (ar.succeeded()) {
                report.complete(ar.result());
            } else {
                report.completeExceptionally(ar.cause());
            }
        }));
        return report.thenCompose(r -> publish(event, r));
    }

    private CompletableFuture<?> publish(HookEvent event, ExecutionReport report) {
        HookResult result = new HookResult(event.hookId(), event.runId(), event.phase(), event.hookIndex(),
                event.hookName(), event.template(), invokerOf(event.session()), event.executor().type(),
                report.status(), report.reason(), report.message(), report.attempts(), report.startedAt(),
                report.finishedAt(), Duration.between(report.startedAt(), report.finishedAt()).toMillis(),
                report.targets());
        LOG.info("runId={} hook={} {}{} after {} attempt(s) in {} ms", event.runId(), event.hookName(),
                report.status(), report.reason() == null ? "" : " (" + report.reason() + ")", report.attempts(),
                result.durationMs());
        return publisher.publishJson(topics.results(), event.runId(), result,
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_RESULT, source, event.hookId() + "#result",
                        event.runId()));
    }

    private static ObjectReference invokerOf(SessionSummary session) {
        if (session == null || session.invoker() == null) {
            return null;
        }
        ObjectReference invoker = session.invoker();
        return invoker.namespace() != null ? invoker
                : new ObjectReference(invoker.apiGroup(), invoker.kind(), session.namespace(), invoker.name());
    }
}
