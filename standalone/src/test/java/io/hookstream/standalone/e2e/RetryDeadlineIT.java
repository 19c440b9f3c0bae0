package io.hookstream.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.testing.WithEmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers whose {@code --retry-backoff} (45s) is longer than the 30 s per retry the dispatcher allows: the hook
 * event's deadline (dispatch + 1s per attempt + 30s per retry) leaves no room for the retry, so the worker reports
 * the failure at once, saying why it did not retry, instead of a result the dispatcher would no longer wait for
 * (without the deadline the outcome would come after 45 s, past {@link Hookstream#OUTCOME_TIMEOUT}).
 */
@WithEmbeddedKafka
class RetryDeadlineIT {

    @Test
    void aRetryThatCouldNotEndByTheHookEventsDeadlineIsNotMadeAndTheFailureIsReportedAtOnce(
            EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        Path counter = tmp.resolve("counter");
        try (Hookstream hookstream = Hookstream.start(broker, Map.of("retry-backoff", "45s"), "exec.yaml")) {
            JsonNode hook = hookstream
                    .awaitOutcome(hookstream.submitOnKafka(Requests.preBackup("demo")
                            .hook("broken", "exec-count", null, Map.of("COUNTER", counter.toString()), 1, "1s", null)
                            .json()))
                    .get("hooks")
                    .get(0);

            assertThat(hook.get("status").asText()).isEqualTo("Failed");
            assertThat(hook.get("reason").asText())
                    .as("the attempt's own reason, not NoResult")
                    .isEqualTo("NonZeroExit");
            assertThat(hook.get("attempts").asInt())
                    .as("maxRetry 1, no retry made")
                    .isEqualTo(1);
            assertThat(hook.get("message").asText()).contains("not retried", "deadline");
        }
        assertThat(Files.readAllLines(counter)).hasSize(1);
    }
}
