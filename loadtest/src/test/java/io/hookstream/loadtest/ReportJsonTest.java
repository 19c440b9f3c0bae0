package io.hookstream.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReportJsonTest {

    private static Percentiles latency(double p50) {
        return new Percentiles(10, p50, p50 * 2, p50 * 3, p50 * 4, p50 * 5, p50);
    }

    private static PassFigures figures(double throughput, long lost, long duplicated) {
        return new PassFigures(
                1000,
                1000,
                1000,
                0,
                1000 - lost,
                throughput,
                5000,
                2.0,
                latency(4),
                latency(1),
                latency(3),
                latency(5),
                PassFigures.Stages.none(),
                lost,
                0,
                duplicated,
                duplicated,
                0,
                Map.of(),
                0,
                0,
                Map.of("Succeeded", 1000),
                1000,
                0,
                null,
                false,
                List.of(),
                null,
                null);
    }

    @Test
    void theJsonHasTheFieldsTheIssueAsksForWithTheRatioToTheBaseline() throws Exception {
        LoadTestReport report = new LoadTestReport(
                LoadTestSettings.embeddedDefaults(),
                "2026-01-01T00:00:00Z",
                figures(600, 0, 0),
                List.of(
                        new LoadTestReport.Baseline("kafka", "bare", figures(1000, 0, 0)),
                        new LoadTestReport.Baseline("kafka", "share", figures(800, 0, 0))),
                256L,
                Map.of(),
                1000L,
                null,
                Map.of("request", 400),
                null);

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(report.toJson()));

        assertThat(json.get("hooks").asInt()).isEqualTo(1000);
        assertThat(json.get("throughputPerSec").asDouble()).isEqualTo(600.0);
        assertThat(json.get("baselineThroughputPerSec").asDouble()).isEqualTo(1000.0);
        assertThat(json.get("ratioToBaseline").asDouble()).isEqualTo(0.6);
        assertThat(json.get("latencyMs").get("p50").asDouble()).isEqualTo(4.0);
        assertThat(json.get("latencyMs").get("p90").asDouble()).isEqualTo(8.0);
        assertThat(json.get("latencyMs").get("p99").asDouble()).isEqualTo(12.0);
        assertThat(json.get("latencyMs").get("p999").asDouble()).isEqualTo(16.0);
        assertThat(json.get("latencyMs").get("max").asDouble()).isEqualTo(20.0);
        assertThat(json.get("lost").asLong()).isZero();
        assertThat(json.get("duplicated").asLong()).isZero();
        assertThat(json.get("heapMaxMiB").asLong()).isEqualTo(256);
        assertThat(json.get("settings").get("action").asText()).isEqualTo("tcp");
        assertThat(json.get("baseline").get("kind").asText()).isEqualTo("kafka");
        assertThat(json.get("baseline").get("relays").asText()).isEqualTo("bare");
        assertThat(json.get("baselines")).hasSize(2);
        assertThat(json.get("baselines").get(1).get("relays").asText()).isEqualTo("share");
        assertThat(json.get("baselines").get(1).get("throughputPerSec").asDouble())
                .isEqualTo(800.0);
        assertThat(report.summary())
                .contains("kafka bare: 1000.0 hooks/s")
                .contains("kafka share: 800.0 hooks/s")
                .contains("hookstream / baseline bare = 0.600");
        assertThat(json.get("actionsStartedTwice").isNull()).isTrue();
        assertThat(json.get("actionsOverlapping").isNull()).isTrue();
        assertThat(json.get("actionsByHook").get("unavailable").asText()).contains("--action tcp");
        assertThat(report.summary()).contains("started twice / overlapping: not available with --action tcp");
        assertThat(report.clean()).isTrue();
    }

    @Test
    void theJsonHasCpuPerHookWithItsSplitBothBaselineRatiosAndTheColdWindow() throws Exception {
        CpuFigures cpu = new CpuFigures(
                2.0,
                1000,
                900,
                0.9,
                List.of(
                        new CpuFigures.ProcessCpu(
                                "tool-jvm",
                                "loadtest tool, embedded broker, dispatcher",
                                10,
                                600,
                                0.6,
                                0.0,
                                Map.of("broker", 250.0, "dispatcher", 200.0, "jit", 100.0, "unattributed", 50.0),
                                false),
                        new CpuFigures.ProcessCpu("worker-0", "worker JVM", 11, 300, 0.3, 0.0, Map.of(), false)),
                true);
        CpuFigures baselineCpu = new CpuFigures(
                1.0,
                1000,
                200,
                0.2,
                List.of(new CpuFigures.ProcessCpu(
                        "tool-jvm",
                        "loadtest tool, embedded broker, baseline relays",
                        10,
                        200,
                        0.2,
                        null,
                        Map.of("broker", 120.0),
                        false)),
                true);
        ColdFigures cold = new ColdFigures(30, latency(40), latency(8));
        PassFigures hookstream = figures(600, 0, 0);
        hookstream = new PassFigures(
                hookstream.hooks(),
                hookstream.runs(),
                hookstream.runsSent(),
                hookstream.sendErrors(),
                hookstream.results(),
                hookstream.throughputPerSec(),
                hookstream.offeredHooksPerSec(),
                hookstream.durationSec(),
                hookstream.latency(),
                hookstream.overhead(),
                hookstream.action(),
                hookstream.runLatency(),
                hookstream.stages(),
                0,
                0,
                0,
                0,
                0,
                Map.of(),
                0,
                0,
                Map.of("Succeeded", 1000),
                1000,
                0,
                null,
                false,
                List.of(),
                cpu,
                cold);
        LoadTestReport report = new LoadTestReport(
                LoadTestSettings.embeddedDefaults(),
                "2026-01-01T00:00:00Z",
                hookstream,
                List.of(
                        new LoadTestReport.Baseline(
                                "kafka", "bare", figures(3000, 0, 0).withCpu(baselineCpu)),
                        new LoadTestReport.Baseline(
                                "kafka", "eos", figures(1200, 0, 0).withCpu(baselineCpu))),
                256L,
                Map.of(),
                1000L,
                null,
                Map.of(),
                null);

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(report.toJson()));

        assertThat(json.get("cpuMsPerHook").asDouble()).isEqualTo(0.9);
        JsonNode tool = json.get("cpu").get("processes").get(0);
        assertThat(tool.get("name").asText()).isEqualTo("tool-jvm");
        assertThat(tool.get("msPerHook").asDouble()).isEqualTo(0.6);
        assertThat(tool.get("threadGroups").fieldNames())
                .toIterable()
                .containsExactly("broker", "dispatcher", "jit", "unattributed");
        assertThat(tool.get("threadGroups").get("broker").get("msPerHook").asDouble())
                .isEqualTo(0.25);
        assertThat(json.get("cpu").get("processes").get(1).get("name").asText()).isEqualTo("worker-0");
        assertThat(json.get("ratios").get("bare").asDouble()).isEqualTo(0.2);
        assertThat(json.get("ratios").get("eos").asDouble()).isEqualTo(0.5);
        assertThat(json.get("baselines").get(1).get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(json.get("baselines").get(1).get("cpuMsPerHook").asDouble()).isEqualTo(0.2);
        assertThat(json.get("cold").get("windowSec").asDouble()).isEqualTo(30.0);
        assertThat(json.get("cold").get("firstWindowLatencyMs").get("p50").asDouble())
                .isEqualTo(40.0);
        assertThat(json.get("cold").get("restLatencyMs").get("p99").asDouble()).isEqualTo(24.0);
        assertThat(report.summary())
                .contains("hookstream / baseline bare = 0.200")
                .contains("hookstream / baseline eos = 0.500")
                .contains("cpu ms/hook    0.900 over 2.0 s")
                .contains("tool-jvm 0.600 [broker 0.250, dispatcher 0.200")
                .contains("worker-0 0.300")
                .contains("first 30 s ms")
                .contains("; cpu 0.200 ms/hook");
    }

    @Test
    void withoutABaselineTheBaselineFieldsAreNullAndLossesMakeTheReportUnclean() throws Exception {
        LoadTestReport report = new LoadTestReport(
                LoadTestSettings.embeddedDefaults(),
                "2026-01-01T00:00:00Z",
                figures(600, 3, 2),
                List.of(),
                null,
                Map.of(),
                null,
                null,
                Map.of(),
                new ChaosFigures(4, 0, 0, 0, 0, 2, 3, List.of(), List.of(), 0, 0));

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(report.toJson()));

        assertThat(json.get("baselineThroughputPerSec").isNull()).isTrue();
        assertThat(json.get("ratioToBaseline").isNull()).isTrue();
        assertThat(json.get("lost").asLong()).isEqualTo(3);
        assertThat(json.get("duplicated").asLong()).isEqualTo(2);
        assertThat(json.get("chaosKills").asInt()).isEqualTo(4);
        assertThat(report.clean()).isFalse();
        assertThat(report.summary()).contains("lost 3").contains("duplicated 2").contains("NOT CLEAN");
    }

    @Test
    void withTheHttpActionTheJsonHasActionsStartedTwiceAndOverlappingAndAnOverlapMakesItUnclean() throws Exception {
        LoadTestCommand command = new LoadTestCommand();
        new CommandLine(command)
                .parseArgs("--embedded", "--action", "http", "--worker-processes", "3", "--chaos", "scale,kill-worker");
        HookInvocationFigures byHook =
                new HookInvocationFigures(1000, 12, 9, 14, 0, 0, List.of("lt-a-0000001/0", "lt-a-0000005/0"));
        ChaosFigures chaos =
                new ChaosFigures(1, 2, 3, 4, 1, 2, 5, List.of(6.5, 9.0, 7.0, 8.0), List.of(2.5, 3.1), 0, 0);
        LoadTestReport report = new LoadTestReport(
                command.settings(),
                "2026-01-01T00:00:00Z",
                figures(600, 0, 0),
                List.of(),
                null,
                Map.of(),
                1014L,
                byHook,
                Map.of(),
                chaos);

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(report.toJson()));

        assertThat(json.get("actionsStartedTwice").asLong()).isEqualTo(12);
        assertThat(json.get("actionsOverlapping").asLong()).isEqualTo(9);
        assertThat(json.get("actionsByHook").get("extraInvocations").asLong()).isEqualTo(14);
        assertThat(json.get("actionsByHook").get("overlappingExamples").get(0).asText())
                .isEqualTo("lt-a-0000001/0");
        assertThat(json.get("chaosKills").asInt()).isEqualTo(1);
        assertThat(json.get("chaos").get("events").asInt()).isEqualTo(11);
        assertThat(json.get("chaos").get("rolled").asInt()).isEqualTo(4);
        assertThat(json.get("chaos").get("readySec").get("p50").asDouble()).isEqualTo(7.0);
        assertThat(json.get("chaos").get("readySec").get("max").asDouble()).isEqualTo(9.0);
        assertThat(json.get("settings").get("chaos").toString()).isEqualTo("[\"kill-worker\",\"scale\"]");
        assertThat(report.clean()).isFalse();
        assertThat(report.summary())
                .contains("started twice 12 hooks")
                .contains("overlapping 9")
                .contains("11 events")
                .contains("4 rolling replacements")
                .contains("NOT CLEAN");
    }
}
