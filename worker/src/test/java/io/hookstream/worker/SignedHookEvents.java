package io.hookstream.worker;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.signing.HookEventSigner;
import io.hookstream.kafka.signing.SigningKeys;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.TestSigning;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Pre-backup hook events of one exec hook, published signed with the test key, as the dispatcher would. */
final class SignedHookEvents {

    private SignedHookEvents() {}

    /** The first (only) hook of run {@code runId}: {@code command} run by {@code executor}, one attempt. */
    static HookEvent exec(String runId, HookExecutor executor, List<String> command, String timeout) {
        SessionSummary session = new SessionSummary(
                "s", "demo", new ObjectReference("core.kubestash.com", "BackupConfiguration", null, "b"), null, null);
        return new HookEvent(
                HookEvent.hookIdOf(runId, 0),
                runId,
                Phase.PRE_BACKUP,
                0,
                1,
                "h",
                new TemplateRef("t", "demo"),
                session,
                executor,
                new HookAction(new ExecAction(command), null, null, null, null),
                Map.of(),
                0,
                timeout,
                Instant.now(),
                null,
                null,
                null,
                null,
                null);
    }

    /** Publishes {@code event} to {@code prefix}hooks.pre-backup, keyed by its run, not transactionally. */
    static void publish(EmbeddedKafkaBroker broker, String prefix, HookEvent event) throws Exception {
        String topic = prefix + "hooks.pre-backup";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                null,
                event.runId().getBytes(StandardCharsets.UTF_8),
                Json.mapper().writeValueAsBytes(event),
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_DISPATCHED, "/test", event.hookId(), event.runId()));
        new HookEventSigner(
                        SigningKeys.parse(TestSigning.KEYS, "test"), "test", Duration.ofMinutes(5), Clock.systemUTC())
                .sign(record);
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        PlainKafka.produce(broker.bootstrapServers(), topic, event.runId(), record.value(), headers);
    }
}
