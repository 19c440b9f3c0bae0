package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.signing.HookEventSigner;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.EventIds;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.RunOutcome;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the records the dispatcher emits: hook events, Skipped results and the results of expired deadlines, run
 * outcomes and run-state snapshots.
 */
final class OutboundEvents {

    private final TopicNames topics;
    private final String source;
    private final HookEventSigner signer;

    /** @param signer signs every hook event; null when hook signing is disabled */
    OutboundEvents(TopicNames topics, String source, HookEventSigner signer) {
        this.topics = topics;
        this.source = source;
        this.signer = signer;
    }

    ProducerRecord<byte[], byte[]> hookEvent(RunState run, PlannedHook hook, Instant now) {
        String hookId = run.hookId(hook.index());
        HookEvent event = new HookEvent(
                hookId,
                run.runId(),
                run.phase(),
                hook.index(),
                run.hookCount(),
                hook.name(),
                hook.template(),
                run.session(),
                hook.executor(),
                hook.action(),
                hook.params(),
                hook.maxRetry(),
                GoDuration.format(hook.timeout()),
                now,
                hook.variables(),
                hook.volumes(),
                hook.volumeMounts(),
                hook.runtimeSettings(),
                now.plus(HookDeadlines.resultDue(hook)));
        ProducerRecord<byte[], byte[]> record = OutboundRecords.json(
                topics.hooks(run.phase()),
                run.runId(),
                event,
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_DISPATCHED, source, hookId, run.runId()));
        return signer == null ? record : signer.sign(record);
    }

    ProducerRecord<byte[], byte[]> skipped(RunState run, PlannedHook hook, String reason, String message, Instant now) {
        String hookId = run.hookId(hook.index());
        HookResult result = new HookResult(
                hookId,
                run.runId(),
                run.phase(),
                hook.index(),
                hook.name(),
                hook.template(),
                run.invoker(),
                hook.executor() == null ? null : hook.executor().type(),
                HookStatus.Skipped,
                reason,
                message,
                0,
                now,
                now,
                0,
                List.of());
        return result(result, source);
    }

    /** The result a hook's deadline gave (see {@link HookDeadlines}), from this dispatcher's deadline source. */
    ProducerRecord<byte[], byte[]> expiredResult(HookResult result) {
        return result(result, source + "/deadline");
    }

    private ProducerRecord<byte[], byte[]> result(HookResult result, String from) {
        return OutboundRecords.json(
                topics.results(),
                result.runId(),
                result,
                CloudEvents.headers(
                        CloudEventHeaders.TYPE_HOOK_RESULT, from, EventIds.result(result.hookId()), result.runId()));
    }

    ProducerRecord<byte[], byte[]> outcome(RunOutcome outcome) {
        return OutboundRecords.json(
                topics.runs(),
                outcome.runId(),
                outcome,
                CloudEvents.headers(
                        CloudEventHeaders.TYPE_RUN_OUTCOME,
                        source,
                        EventIds.outcome(outcome.runId()),
                        outcome.runId()));
    }

    ProducerRecord<byte[], byte[]> snapshot(String runId, RunSnapshot snapshot) {
        return OutboundRecords.json(topics.dispatcherState(), runId, snapshot, List.of());
    }

    /** The cancel for the workers, signed like a hook event (a worker that requires signatures checks it). */
    ProducerRecord<byte[], byte[]> cancel(CancelRequest cancel) {
        ProducerRecord<byte[], byte[]> record = OutboundRecords.json(
                topics.cancels(),
                cancel.runId(),
                cancel,
                CloudEvents.headers(
                        CloudEventHeaders.TYPE_RUN_CANCELLED, source, EventIds.cancel(cancel.runId()), cancel.runId()));
        return signer == null ? record : signer.sign(record);
    }
}
