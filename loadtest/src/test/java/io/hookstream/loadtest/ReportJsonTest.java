package io.hookstream.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    private static Percentiles latency(double p50) {
        return new Percentiles(10, p50, p50 * 2, p50 * 3, p50 * 4, p50 * 5, p50);
    }

    private static PassFigures figures(double throughput, long lost, long duplicated) {
        return new PassFigures(1000, 1000, 1000, 0, 1000 - lost, throughput, 5000, 2.0, latency(4), latency(1),
                latency(3), latency(5), PassFigures.Stages.none(), lost, 0, duplicated, duplicated, 0, Map.of(), 0, 0,
                Map.of("Succeeded", 1000), 1000, 0, null, false);
    }

    @Test
    void theJsonHasTheFieldsTheIssueAsksForWithTheRatioToTheBaseline() throws Exception {
        LoadTestReport report = new LoadTestReport(LoadTestSettings.embeddedDefaults(), "2026-01-01T00:00:00Z",
                figures(600, 0, 0), List.of(new LoadTestReport.Baseline("kafka", "bare", figures(1000, 0, 0)),
                new LoadTestReport.Baseline("kafka", "share", figures(800, 0, 0))), 256L, Map.of(), 1000L, Map.of("request", 400),
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
        assertThat(json.get("baselines").get(1).get("throughputPerSec").asDouble()).isEqualTo(800.0);
        assertThat(report.summary()).contains("kafka bare: 1000.0 hooks/s").contains("kafka share: 800.0 hooks/s")
                .contains("hookstream / baseline bare = 0.600");
        assertThat(report.clean()).isTrue();
    }

    @Test
    void withoutABaselineTheBaselineFieldsAreNullAndLossesMakeTheReportUnclean() throws Exception {
        LoadTestReport report = new LoadTestReport(LoadTestSettings.embeddedDefaults(), "2026-01-01T00:00:00Z",
                figures(600, 3, 2), List.of(), null, Map.of(), null, Map.of(), 4);

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsBytes(report.toJson()));

        assertThat(json.get("baselineThroughputPerSec").isNull()).isTrue();
        assertThat(json.get("ratioToBaseline").isNull()).isTrue();
        assertThat(json.get("lost").asLong()).isEqualTo(3);
        assertThat(json.get("duplicated").asLong()).isEqualTo(2);
        assertThat(json.get("chaosKills").asInt()).isEqualTo(4);
        assertThat(report.clean()).isFalse();
        assertThat(report.summary()).contains("lost 3").contains("duplicated 2").contains("NOT CLEAN");
    }
}
