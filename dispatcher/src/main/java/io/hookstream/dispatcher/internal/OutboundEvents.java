package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Builds and publishes what the dispatcher emits: hook events, Skipped results and run outcomes. */
final class OutboundEvents {

    private final EventPublisher publisher;
    private final TopicNames topics;
    private final String source;

    OutboundEvents(EventPublisher publisher, TopicNames topics, String source) {
        this.publisher = publisher;
        this.topics = topics;
        this.source = source;
    }

    CompletableFuture<?> hookEvent(RunState run, PlannedHook hook, Instant now) {
        String hookId = run.hookId(hook.index());
        HookEvent event = new HookEvent(hookId, run.runId(), run.phase(), hook.index(), run.hookCount(), hook.name(),
                hook.template(), run.session(), hook.executor(), hook.action(), hook.params(), hook.maxRetry(),
                GoDuration.format(hook.timeout()), now);
        return publisher.publishJson(topics.hooks(run.phase()), run.runId(), event,
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_DISPATCHED, source, hookId, run.runId()));
    }

    CompletableFuture<?> skipped(RunState run, PlannedHook hook, String reason, String message, Instant now) {
        String hookId = run.hookId(hook.index());
        HookResult result = new HookResult(hookId, run.runId(), run.phase(), hook.index(), hook.name(),
                hook.template(), run.toOutcome().invoker(),
                hook.executor() == null ? null : hook.executor().type(), HookStatus.Skipped, reason, message, 0,
                now, now, 0, List.of());
        return publisher.publishJson(topics.results(), run.runId(), result,
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_RESULT, source, hookId + "#result", run.runId()));
    }

    CompletableFuture<?> outcome(RunOutcome outcome) {
        return publisher.publishJson(topics.runs(), outcome.runId(), outcome,
                CloudEvents.headers(CloudEventHeaders.TYPE_RUN_OUTCOME, source, outcome.runId() + "#outcome",
                        outcome.runId()));
    }
}
