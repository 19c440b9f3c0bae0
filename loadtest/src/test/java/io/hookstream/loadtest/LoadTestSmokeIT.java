package io.hookstream.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tool's smoke mode (what CI runs): a few hundred tcp hooks at a set rate on its own embedded broker with two
 * in-process workers, then a small Kafka baseline; every hook must get exactly one result.
 */
class LoadTestSmokeIT {

    @Test
    @Timeout(90)
    void anEmbeddedRunAndItsBaselineAccountForEveryHookExactlyOnce(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadTestCommand command = new LoadTestCommand(new PrintStream(out, true), new PrintStream(err, true));

        int exit = new CommandLine(command)
                .execute(
                        "--embedded",
                        "--hooks",
                        "300",
                        "--rate",
                        "300",
                        "--workers",
                        "2",
                        "--baseline",
                        "--baseline-hooks",
                        "200",
                        "--timeout",
                        "55s",
                        "--json",
                        json.toString());

        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        JsonNode summary = Json.mapper().readTree(json.toFile());
        assertThat(summary.get("hooks").asInt()).isEqualTo(300);
        assertThat(summary.get("results").asInt()).isEqualTo(300);
        assertThat(summary.get("lost").asInt()).isZero();
        assertThat(summary.get("duplicated").asInt()).isZero();
        assertThat(summary.get("runOutcomes").get("Succeeded").asInt()).isEqualTo(300);
        assertThat(summary.get("actionInvocations").asInt()).isEqualTo(300);
        assertThat(summary.get("throughputPerSec").asDouble()).isPositive();
        JsonNode latency = summary.get("latencyMs");
        assertThat(latency.get("p50").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(latency.get("p99").asDouble())
                .isLessThanOrEqualTo(latency.get("max").asDouble());
        assertThat(summary.get("baseline").get("lost").asInt()).isZero();
        assertThat(summary.get("baselineThroughputPerSec").asDouble()).isPositive();
        assertThat(summary.get("ratioToBaseline").asDouble()).isPositive();
        assertThat(summary.get("heapMaxMiB").asLong()).isPositive();
        assertThat(out.toString()).contains("every hook has exactly one result");
        assertThat(err.toString()).contains("[hookstream");
    }
}
