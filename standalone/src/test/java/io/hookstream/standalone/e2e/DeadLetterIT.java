package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.event.Phase;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Garbage on every input topic ends in the dead-letter topic, untouched, while good records still flow. */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterIT {

    private Hookstream hookstream;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.start(broker, "exec.yaml", "policies.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
    }

    @Test
    void garbageOnEveryInputTopicEndsInTheDeadLetterTopicWhileGoodRecordsFlow() {
        List<String> inputs = new ArrayList<>();
        inputs.add(hookstream.topics.requests());
        Arrays.stream(Phase.values()).map(hookstream.topics::hooks).forEach(inputs::add);
        inputs.add(hookstream.topics.results());
        byte[][] garbage = {
            {(byte) 0xff, 0x00, (byte) 0xfe, 0x42},
            "{\"phase\": ".getBytes(StandardCharsets.UTF_8),
            "[1, 2, 3]".getBytes(StandardCharsets.UTF_8),
            "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8)
        };
        List<String> goodRuns = new ArrayList<>();
        int sent = 0;
        for (String topic : inputs) {
            for (byte[] bad : garbage) {
                if (topic.equals(hookstream.topics.requests()) && bad[0] == '{' && bad.length > 12) {
                    continue; // a JSON object on the requests topic is an invalid request: Rejected, not a dead letter
                }
                PlainKafka.produce(hookstream.bootstrap(), topic, "garbage-" + sent, bad, Map.of("x-origin", "fuzz"));
                sent++;
                goodRuns.add(hookstream.submitOnKafka(Requests.preBackup("demo")
                        .hook("ok", "for-everyone", null)
                        .json()));
            }
        }

        List<ConsumerRecord<String, byte[]>> dead = hookstream.awaitDeadLetters(sent);

        assertThat(dead).hasSize(sent);
        for (ConsumerRecord<String, byte[]> letter : dead) {
            // on a hook topic the worker checks the signature before it reads anything: garbage is unsigned
            assertThat(header(letter, "hookstream.dlq.reason"))
                    .isEqualTo(
                            header(letter, "hookstream.dlq.origin.topic").contains(".hooks.")
                                    ? "UnsignedEvent"
                                    : "MalformedRecord");
            assertThat(header(letter, "hookstream.dlq.message")).isNotBlank();
            assertThat(header(letter, "x-origin")).isEqualTo("fuzz");
            assertThat(inputs).contains(header(letter, "hookstream.dlq.origin.topic"));
            assertThat(Arrays.asList(garbage))
                    .anySatisfy(g -> assertThat(letter.value()).isEqualTo(g));
        }
        assertThat(dead)
                .extracting(d -> header(d, "hookstream.dlq.origin.topic"))
                .containsAll(inputs);
        assertThat(goodRuns)
                .allSatisfy(runId -> assertThat(
                                hookstream.awaitOutcome(runId).get("status").asText())
                        .isEqualTo("Succeeded"));
    }

    @Test
    void aJsonObjectThatIsNoValidRequestIsRejectedNamingTheField() {
        String runId = Hookstream.newRunId("invalid");
        String json = "{\"runId\": \"" + runId + "\", \"phase\": \"mid-backup\", \"hooks\": []}";
        PlainKafka.produce(
                hookstream.bootstrap(),
                hookstream.topics.requests(),
                runId,
                json.getBytes(StandardCharsets.UTF_8),
                Map.of());

        var outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Rejected");
        assertThat(outcome.get("problems").get(0).get("field").asText()).isEqualTo("phase");
        assertThat(outcome.get("message").asText()).contains("mid-backup");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return PlainKafka.header(record, name);
    }
}
