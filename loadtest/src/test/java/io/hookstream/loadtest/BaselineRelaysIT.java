package io.hookstream.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The transactional and share-group relays of the Kafka baseline move every hook exactly once, one after the other
 * on the tool's embedded broker, and the summary names each.
 */
class BaselineRelaysIT {

    @Test
    @Timeout(170)
    void theEosShareAndShareTxRelaysAccountForEveryHookExactlyOnce(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadTestCommand command = new LoadTestCommand(new PrintStream(out, true), new PrintStream(err, true));

        int exit = new CommandLine(command)
                .execute(
                        "--embedded",
                        "--hooks",
                        "100",
                        "--workers",
                        "2",
                        "--baseline=eos,share,share-tx",
                        "--baseline-hooks",
                        "300",
                        "--hooks-per-run",
                        "2",
                        "--timeout",
                        "150s",
                        "--json",
                        json.toString());

        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        JsonNode baselines = Json.mapper().readTree(json.toFile()).get("baselines");
        List<String> relays = new ArrayList<>();
        for (JsonNode baseline : baselines) {
            relays.add(baseline.get("relays").asText());
            assertThat(baseline.get("kind").asText()).isEqualTo("kafka");
            assertThat(baseline.get("hooks").asInt()).isEqualTo(300);
            assertThat(baseline.get("lost").asInt()).as("lost in %s", baseline).isZero();
            assertThat(baseline.get("duplicated").asInt())
                    .as("duplicated in %s", baseline)
                    .isZero();
            assertThat(baseline.get("throughputPerSec").asDouble()).isPositive();
            assertThat(baseline.get("latencyMs").get("count").asInt()).isEqualTo(300);
        }
        assertThat(relays).containsExactly("eos", "share", "share-tx");
        assertThat(out.toString())
                .contains("kafka eos:")
                .contains("kafka share:")
                .contains("kafka share-tx:")
                .contains("hookstream / baseline eos");
        assertThat(err.toString()).doesNotContain("a relay stopped early");
    }
}
