package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No worker is running: an orchestrator waiting for a pre-backup run still gets an answer once the hook's
 * timeout, retries and {@code --result-grace} have passed — the hook TimedOut with reason NoResult, the run Failed
 * and the hooks after it Skipped — instead of waiting for ever.
 */
@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoResultIT {

    private Hookstream hookstream;

    @BeforeAll
    void start(EmbeddedKafkaBroker broker) throws Exception {
        hookstream = Hookstream.startWithoutWorkers(broker, Map.of("result-grace", "1s"), "exec.yaml");
    }

    @AfterAll
    void stop() throws Exception {
        hookstream.close();
    }

    @Test
    void aHookNoWorkerAnswersTimesOutWithNoResultAndTheRunFails() {
        String runId = hookstream.submitOnKafka(Requests.preBackup("demo")
                .hook("first", "exec-echo", null, null, 0, "1s", null)
                .hook("second", "exec-echo", null, null, 0, "1s", null)
                .json());

        JsonNode outcome = hookstream.awaitOutcome(runId);

        assertThat(outcome.get("status").asText()).isEqualTo("Failed");
        assertThat(outcome.get("message").asText()).contains("first", "NoResult", "are workers running");
        JsonNode first = outcome.get("hooks").get(0);
        assertThat(first.get("status").asText()).isEqualTo("TimedOut");
        assertThat(first.get("reason").asText()).isEqualTo("NoResult");
        assertThat(outcome.get("hooks").get(1).get("status").asText()).isEqualTo("Skipped");
        assertThat(hookstream.resultsOf(runId)).anySatisfy(r -> {
            assertThat(r.get("hookId").asText()).isEqualTo(runId + "/0");
            assertThat(r.get("reason").asText()).isEqualTo("NoResult");
            assertThat(r.get("attempts").asInt()).isZero();
        });
    }
}
