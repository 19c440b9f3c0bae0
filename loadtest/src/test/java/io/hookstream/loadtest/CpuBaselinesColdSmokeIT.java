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
 * The measurements of the performance issue, small: a cold run (a 2 s first window) with one worker JVM on the
 * tool's embedded broker, then the bare and the exactly-once relays; the JSON has the CPU per hook split per
 * process (the tool's JVM by thread group, the worker JVM), both ratios, the baselines' CPU per hook and the cold
 * window's latencies.
 */
class CpuBaselinesColdSmokeIT {

    @Test
    @Timeout(120)
    void theJsonHasCpuPerHookPerProcessBothBaselineRatiosAndTheColdWindow(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadTestCommand command = new LoadTestCommand(new PrintStream(out, true), new PrintStream(err, true));

        int exit = new CommandLine(command)
                .execute(
                        "--embedded",
                        "--hooks",
                        "600",
                        "--rate",
                        "150",
                        "--worker-processes",
                        "1",
                        "--workers",
                        "2",
                        "--cold=2s",
                        "--baseline",
                        "both",
                        "--baseline-hooks",
                        "300",
                        "--timeout",
                        "100s",
                        "--json",
                        json.toString());

        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        JsonNode summary = Json.mapper().readTree(json.toFile());
        assertThat(summary.get("results").asInt()).isEqualTo(600);
        assertThat(summary.get("cpuMsPerHook").asDouble()).isPositive();
        JsonNode cpu = summary.get("cpu");
        assertThat(cpu.get("hooks").asInt()).isEqualTo(600);
        assertThat(cpu.get("complete").asBoolean()).isTrue();
        List<String> processes = new ArrayList<>();
        double sum = 0;
        for (JsonNode process : cpu.get("processes")) {
            processes.add(process.get("name").asText());
            assertThat(process.get("cpuMs").asDouble()).as("%s", process).isPositive();
            sum += process.get("cpuMs").asDouble()
                    + process.get("childrenCpuMs").asDouble(0);
        }
        assertThat(processes).containsExactly("tool-jvm", "worker-0");
        assertThat(cpu.get("cpuMs").asDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(1.0));
        JsonNode groups = cpu.get("processes").get(0).get("threadGroups");
        assertThat(groups.get("broker").get("cpuMs").asDouble()).isPositive();
        assertThat(groups.get("dispatcher").get("cpuMs").asDouble()).isPositive();
        assertThat(groups.get("tool").get("cpuMs").asDouble()).isPositive();
        assertThat(groups.has("workers"))
                .as("the workers run in their own JVM: %s", groups)
                .isFalse();

        assertThat(summary.get("ratios").get("bare").asDouble()).isPositive();
        assertThat(summary.get("ratios").get("eos").asDouble()).isPositive();
        for (JsonNode baseline : summary.get("baselines")) {
            assertThat(baseline.get("lost").asInt()).as("lost in %s", baseline).isZero();
            assertThat(baseline.get("duplicated").asInt())
                    .as("duplicated in %s", baseline)
                    .isZero();
            assertThat(baseline.get("cpuMsPerHook").asDouble())
                    .as("%s", baseline.get("relays"))
                    .isPositive();
            assertThat(baseline.get("cpu")
                            .get("processes")
                            .get(0)
                            .get("threadGroups")
                            .get("baselineRelays")
                            .get("cpuMs")
                            .asDouble())
                    .isPositive();
        }

        JsonNode cold = summary.get("cold");
        assertThat(cold.get("windowSec").asDouble()).isEqualTo(2.0);
        JsonNode first = cold.get("firstWindowLatencyMs");
        JsonNode rest = cold.get("restLatencyMs");
        assertThat(first.get("count").asInt()).isPositive();
        assertThat(rest.get("count").asInt()).isPositive();
        assertThat(first.get("count").asInt() + rest.get("count").asInt()).isEqualTo(600);
        assertThat(first.get("p50").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(first.get("p999").asDouble());
        assertThat(out.toString())
                .contains("cpu ms/hook")
                .contains("first 2 s ms")
                .contains("hookstream / baseline bare = ")
                .contains("hookstream / baseline eos = ");
    }
}
