package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.signing.HookEventSigner;
import io.hookstream.kafka.signing.SigningKeys;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.SignatureHeaders;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records written straight to a hook topic, by someone who can write there but does not hold the dispatcher's
 * signing key: each is dead-lettered with its reason and never runs (the hook would leave a file behind), while
 * what the dispatcher signed runs, once — a replay of it within its TTL is recognised by its hook id.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedHookEventsIT {

    private Hookstream hookstream;
    private RecordCollector hookEvents;
    private String hookTopic;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "exec.yaml", "policies.yaml");
        hookTopic = hookstream.topics.hooks(Phase.PRE_BACKUP);
        hookEvents = RecordCollector.subscribe(hookstream.bootstrap(), hookTopic);
    }

    @AfterAll
    void stop() throws Exception {
        hookEvents.close();
        hookstream.close();
    }

    @Test
    void forgedTamperedUnsignedUnknownKeyAndExpiredEventsNeverRunAndLandInTheDlqWithTheirReason() throws Exception {
        ConsumerRecord<String, byte[]> genuine = dispatchedEventOfAGoodRun("genuine");
        int deadBefore = hookstream.deadLetters().size();

        Path tampered = tmp.resolve("tampered");
        Path unsigned = tmp.resolve("unsigned");
        Path rogue = tmp.resolve("rogue");
        Path expired = tmp.resolve("expired");
        // the genuine record's headers, signature included, on a value that now counts into another file
        produce(genuine.key(), forgedValue(genuine, "tampered", tampered), headersOf(genuine));
        produce(genuine.key(), forgedValue(genuine, "unsigned", unsigned), Map.of());
        produce(
                genuine.key(),
                forgedValue(genuine, "rogue", rogue),
                signedWith(
                        SigningKeys.parse("rogue=" + "R".repeat(43), "rogue"),
                        "rogue",
                        Clock.systemUTC(),
                        genuine.key(),
                        forgedValue(genuine, "rogue", rogue)));
        byte[] late = forgedValue(genuine, "expired", expired);
        produce(
                genuine.key(),
                late,
                signedWith(
                        SigningKeys.parse(TestSigning.KEYS, "test"),
                        "test",
                        Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC),
                        genuine.key(),
                        late));

        List<ConsumerRecord<String, byte[]>> dead =
                hookstream.awaitDeadLetters(deadBefore + 4).subList(deadBefore, deadBefore + 4);
        assertThat(dead)
                .extracting(d -> PlainKafka.header(d, "hookstream.dlq.reason"))
                .containsExactlyInAnyOrder("BadSignature", "UnsignedEvent", "UnknownSigningKey", "SignatureExpired");
        assertThat(dead).allSatisfy(d -> {
            assertThat(PlainKafka.header(d, "hookstream.dlq.origin.topic")).isEqualTo(hookTopic);
            assertThat(PlainKafka.header(d, "hookstream.dlq.component")).isEqualTo("worker");
            assertThat(PlainKafka.header(d, "hookstream.dlq.message")).isNotBlank();
        });
        assertThat(List.of(tampered, unsigned, rogue, expired))
                .allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(hookstream.allResults())
                .extracting(r -> r.get("hookId").asText())
                .noneMatch(id -> id.startsWith(genuine.key() + "/0#forged-"));
    }

    @Test
    void anEventSignedWithTheRightKeyRunsSoTheRefusalsAboveAreTheSignaturesDoing() throws Exception {
        ConsumerRecord<String, byte[]> genuine = dispatchedEventOfAGoodRun("control");
        Path counter = tmp.resolve("resigned");
        byte[] value = forgedValue(genuine, "resigned", counter);

        produce(
                genuine.key(),
                value,
                signedWith(
                        SigningKeys.parse(TestSigning.KEYS, "test"), "test", Clock.systemUTC(), genuine.key(), value));

        Awaitility.await("the correctly signed event ran")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(counter));
    }

    @Test
    void aReplayOfAGenuineEventWithinItsTtlDoesNotRunTheHookAgain() throws Exception {
        Path counter = tmp.resolve("replayed");
        ConsumerRecord<String, byte[]> genuine = dispatchedEventOfAGoodRun("replay", counter);
        assertThat(Files.readAllLines(counter)).hasSize(1);

        RecordMetadata replay = produce(genuine.key(), genuine.value(), headersOf(genuine));

        awaitWorkersPast(replay);
        assertThat(Files.readAllLines(counter)).as("the hook ran once").hasSize(1);
    }

    @Test
    void aSignedEventThatWidensWhatItsTemplateAllowsFailsWithPolicyViolationWithoutRunning() throws Exception {
        ConsumerRecord<String, byte[]> genuine = dispatchedEventOfAGoodRun("widen");
        SigningKeys key = SigningKeys.parse(TestSigning.KEYS, "test");
        Path smuggled = tmp.resolve("smuggled");
        // 1. the template's policy allows every namespace, but the action is not the template's
        ObjectNode otherAction = (ObjectNode) Json.mapper().readTree(forgedValue(genuine, "action", tmp.resolve("x")));
        otherAction
                .putObject("action")
                .putObject("exec")
                .putArray("command")
                .add("/bin/sh")
                .add("-c")
                .add("echo smuggled > " + smuggled);
        // 2. a template whose usage policy (from: Same) does not allow the invoker's namespace
        ObjectNode otherNamespace =
                (ObjectNode) Json.mapper().readTree(forgedValue(genuine, "namespace", tmp.resolve("y")));
        otherNamespace.putObject("template").put("name", "same-only").put("namespace", "demo");
        ((ObjectNode) otherNamespace.get("session")).put("namespace", "prod");
        otherNamespace.putObject("params");
        otherNamespace.putObject("action").putObject("exec").putArray("command").add("/bin/true");
        for (ObjectNode forged : List.of(otherAction, otherNamespace)) {
            byte[] value = Json.mapper().writeValueAsBytes(forged);
            produce(genuine.key(), value, signedWith(key, "test", Clock.systemUTC(), genuine.key(), value));
        }

        List<JsonNode> refused = Awaitility.await("two refusals")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> hookstream.resultsOf(genuine.key()).stream()
                                .filter(r -> r.get("hookId").asText().contains("#forged-"))
                                .toList(),
                        list -> list.size() == 2);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.get("status").asText()).isEqualTo("Failed");
            assertThat(r.get("reason").asText()).isEqualTo("PolicyViolation");
            assertThat(r.get("attempts").asInt()).isZero();
        });
        assertThat(refused)
                .anySatisfy(r -> assertThat(r.get("message").asText()).contains("action is not what"))
                .anySatisfy(r -> assertThat(r.get("message").asText()).contains("namespace 'prod'"));
        assertThat(smuggled).doesNotExist();
    }

    // --- helpers ---

    private ConsumerRecord<String, byte[]> dispatchedEventOfAGoodRun(String hint) throws Exception {
        return dispatchedEventOfAGoodRun(hint, tmp.resolve(hint + "-" + System.nanoTime()));
    }

    /** Runs exec-count once through the dispatcher; returns the hook event it signed. */
    private ConsumerRecord<String, byte[]> dispatchedEventOfAGoodRun(String hint, Path counter) {
        ObjectNode request = Requests.preBackup("demo")
                .hook("count", "exec-count", Map.of("COUNTER", counter.toString(), "SUCCEED_AT", "1"))
                .json();
        request.put("runId", Hookstream.newRunId(hint));
        String runId = hookstream.submitOnKafka(request);
        assertThat(hookstream.awaitOutcome(runId).get("status").asText()).isEqualTo("Succeeded");
        ConsumerRecord<String, byte[]> event =
                hookEvents
                        .await(list -> list.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(10))
                        .stream()
                        .filter(r -> runId.equals(r.key()))
                        .findFirst()
                        .orElseThrow();
        assertThat(PlainKafka.header(event, SignatureHeaders.SIGNATURE)).startsWith("v1=");
        assertThat(PlainKafka.header(event, SignatureHeaders.KEY_ID)).isEqualTo("test");
        return event;
    }

    /** The genuine event with another hook id (so no dedup hides it) and another counter file. */
    private static byte[] forgedValue(ConsumerRecord<String, byte[]> genuine, String tag, Path counter)
            throws Exception {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(genuine.value());
        event.put("hookId", event.get("hookId").asText() + "#forged-" + tag);
        ((ObjectNode) event.get("params")).put("COUNTER", counter.toString());
        return Json.mapper().writeValueAsBytes(event);
    }

    private static Map<String, String> headersOf(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private Map<String, String> signedWith(SigningKeys keys, String keyId, Clock clock, String key, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                hookTopic,
                null,
                key.getBytes(StandardCharsets.UTF_8),
                value,
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_DISPATCHED, "/forger", null, key));
        new HookEventSigner(keys, keyId, Duration.ofMinutes(15), clock).sign(record);
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    private RecordMetadata produce(String key, byte[] value, Map<String, String> headers) {
        return PlainKafka.produce(hookstream.bootstrap(), hookTopic, key, value, headers);
    }

    /** Waits until the worker group has committed past {@code record}: the worker has consumed it. */
    private void awaitWorkersPast(RecordMetadata record) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, hookstream.bootstrap());
        try (Admin admin = Admin.create(props)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            Awaitility.await("worker group committed past the replay")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        OffsetAndMetadata committed = admin.listConsumerGroupOffsets("hookstream-workers")
                                .partitionsToOffsetAndMetadata()
                                .get()
                                .get(partition);
                        return committed != null && committed.offset() > record.offset();
                    });
        }
    }
}
