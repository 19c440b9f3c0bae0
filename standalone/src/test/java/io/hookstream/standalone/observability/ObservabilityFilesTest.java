package io.hookstream.standalone.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Compose monitoring files cannot be loaded by Prometheus and Grafana here (no Docker engine): check offline
 * that they parse, scrape what hookstream serves in a way that follows scaling, and fit together. Whether the
 * dashboard's metrics exist is DashboardMetricsIT's job.
 */
class ObservabilityFilesTest {

    private static JsonNode yaml(Path file) throws Exception {
        return Json.mapper().valueToTree(new Yaml().load(Files.readString(file)));
    }

    @Test
    void prometheusScrapesEveryDispatcherAndWorkerReplicaThroughDockerDns() throws Exception {
        JsonNode config = yaml(Dashboard.COMPOSE.resolve("prometheus/prometheus.yml"));

        List<String> targets = new ArrayList<>();
        for (JsonNode job : config.get("scrape_configs")) {
            for (JsonNode sd : job.path("dns_sd_configs")) {
                assertThat(sd.get("type").asText()).isEqualTo("A");
                sd.get("names")
                        .forEach(name ->
                                targets.add(name.asText() + ":" + sd.get("port").asInt()
                                        + job.path("metrics_path").asText("/metrics")));
            }
        }
        assertThat(targets)
                .as("a DNS name answers every replica of `--scale worker=N`")
                .contains("dispatcher:8080/metrics", "worker:8081/metrics");
        JsonNode services =
                yaml(Dashboard.COMPOSE.resolve("docker-compose.yml")).get("services");
        assertThat(services.has("dispatcher")).isTrue();
        assertThat(services.has("worker")).isTrue();
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasourceTheDashboardNames() throws Exception {
        JsonNode datasource = yaml(Dashboard.COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources")
                .get(0);
        JsonNode provider = yaml(Dashboard.COMPOSE.resolve("grafana/provisioning/dashboards/hookstream.yml"))
                .get("providers")
                .get(0);
        JsonNode grafana = yaml(Dashboard.COMPOSE.resolve("docker-compose.yml"))
                .get("services")
                .get("grafana");

        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:9090");
        List<String> volumes = new ArrayList<>();
        grafana.get("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes)
                .contains(
                        "./grafana/dashboards:" + provider.at("/options/path").asText() + ":ro",
                        "./grafana/provisioning:/etc/grafana/provisioning:ro");
        for (JsonNode panel : Dashboard.json().get("panels")) {
            assertThat(panel.at("/datasource/uid").asText())
                    .as(panel.get("title").asText())
                    .isEqualTo(datasource.get("uid").asText());
        }
    }

    @Test
    void theDashboardParsesAndEveryPanelQueriesAHookstreamMetric() throws Exception {
        Map<String, String> expressions = Dashboard.expressions();

        assertThat(Dashboard.json().get("uid").asText()).isEqualTo("hookstream");
        assertThat(expressions)
                .hasSizeGreaterThanOrEqualTo(8)
                .allSatisfy((panel, expr) -> assertThat(
                                PromQl.metricsAndLabels(expr).keySet())
                        .as(panel)
                        .isNotEmpty()
                        .allMatch(metric -> metric.startsWith("hookstream_")));
        assertThat(String.join("\n", expressions.values()))
                .contains(
                        "hookstream_hooks_finished_total",
                        "hookstream_hook_duration_seconds_bucket",
                        "hookstream_in_flight",
                        "hookstream_consumer_lag",
                        "hookstream_dead_letters_total",
                        "histogram_quantile(0.99",
                        "hookstream_waiting",
                        "hookstream_handed_over",
                        "hookstream_deferred");
    }

    @Test
    void theDashboardShowsWhatKedaScalesTheWorkersOn() throws Exception {
        JsonNode scaledObject =
                yaml(Dashboard.COMPOSE.resolve("../deploy/kubernetes/components/keda/scaledobject.yaml"));
        String query =
                scaledObject.at("/spec/triggers/0/metadata/query").asText().trim();
        String threshold =
                scaledObject.at("/spec/triggers/0/metadata/threshold").asText();

        Map<String, String> expressions = Dashboard.expressions();
        String panel = "Worker hooks waiting + in flight (what KEDA scales on)";
        assertThat(expressions.get(panel + " #A"))
                .as("KEDA's query, in any namespace")
                .isEqualTo(query.replaceAll("namespace=\"[^\"]*\",", ""));
        assertThat(expressions.get(panel + " #D"))
                .as("the slots line uses KEDA's per-worker target")
                .startsWith(threshold + " * count(");
    }

    @Test
    void everyFileTheComposeServicesMountExists() throws Exception {
        JsonNode services =
                yaml(Dashboard.COMPOSE.resolve("docker-compose.yml")).get("services");
        List<String> missing = new ArrayList<>();
        services.forEach(service -> service.path("volumes").forEach(volume -> {
            String host = volume.asText().split(":")[0];
            if (host.startsWith(".") && !Files.exists(Dashboard.COMPOSE.resolve(host))) {
                missing.add(host);
            }
        }));
        assertThat(missing).isEmpty();
    }
}
