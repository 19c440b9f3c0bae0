package io.hookstream.loadtest.internal;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads hookstream's own records: hook events by their CloudEvents id (the hook id), results and outcomes from
 * their JSON. Records of other runs are skipped by their key before anything is parsed. Keeps the first record
 * of each hop as a sample for the baseline.
 */
public final class HookstreamDecoder implements RecordDecoder {

    private final Samples samples;

    public HookstreamDecoder(Samples samples) {
        this.samples = samples;
    }

    @Override
    public void decode(Hop hop, ConsumerRecord<byte[], byte[]> record, long nowNanos, Tracker tracker) {
        RunIds ids = tracker.ids();
        if (!ids.ours(record.key())) {
            return;
        }
        switch (hop) {
            case HOOK_EVENT -> {
                int hook = ids.hookIndex(CloudEvents.lastValue(record.headers(), CloudEventHeaders.ID));
                if (hook >= 0) {
                    samples.offer(hop, record);
                    tracker.onHookEvent(hook, record.timestamp());
                }
            }
            case RESULT -> result(record, nowNanos, tracker);
            case OUTCOME -> outcome(record, nowNanos, tracker);
        }
    }

    private void result(ConsumerRecord<byte[], byte[]> record, long nowNanos, Tracker tracker) {
        HookResult result;
        try {
            result = Json.mapper().readValue(record.value(), HookResult.class);
        } catch (IOException | RuntimeException e) {
            return;
        }
        int hook = tracker.ids().hookIndex(result.hookId());
        if (hook < 0) {
            return;
        }
        samples.offer(Hop.RESULT, record);
        String failure = result.status() == HookStatus.Succeeded
                ? null
                : result.status() + (result.reason() == null ? "" : "/" + result.reason());
        long actionMicros = -1;
        if (result.startedAt() != null && result.finishedAt() != null) {
            actionMicros =
                    Duration.between(result.startedAt(), result.finishedAt()).toNanos() / 1000;
        } else if (result.durationMs() > 0) {
            actionMicros = result.durationMs() * 1000;
        }
        tracker.onResult(hook, nowNanos, failure, actionMicros, record.timestamp());
    }

    private void outcome(ConsumerRecord<byte[], byte[]> record, long nowNanos, Tracker tracker) {
        RunOutcome outcome;
        try {
            outcome = Json.mapper().readValue(record.value(), RunOutcome.class);
        } catch (IOException | RuntimeException e) {
            return;
        }
        int run = tracker.ids().runSeq(outcome.runId());
        if (run < 0) {
            return;
        }
        samples.offer(Hop.OUTCOME, record);
        String problem = null;
        if (outcome.status() != RunStatus.Succeeded) {
            StringBuilder text = new StringBuilder(String.valueOf(outcome.status()));
            if (outcome.reason() != null) {
                text.append(" (").append(outcome.reason()).append(')');
            }
            if (outcome.message() != null) {
                text.append(": ").append(outcome.message());
            }
            if (outcome.problems() != null) {
                for (Problem p : outcome.problems()) {
                    text.append("; ").append(p.field()).append(": ").append(p.message());
                }
            }
            problem = text.toString();
        }
        tracker.onOutcome(run, nowNanos, String.valueOf(outcome.status()), problem);
    }
}
