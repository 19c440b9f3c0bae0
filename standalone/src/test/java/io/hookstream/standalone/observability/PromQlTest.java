package io.hookstream.standalone.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheSelectedMetricsWithTheirGroupingAndMatcherLabelsButNotFunctionsOrKeywords() {
        Map<String, Set<String>> found = PromQl.metricsAndLabels("histogram_quantile(0.95, sum by (le, status) "
                + "(rate(hookstream_hook_duration_seconds_bucket{executor=\"Pod\",reason!~\"x.*\"}[$__rate_interval])))"
                + " / on() sum without (loop) (hookstream_in_flight)");

        assertThat(found).containsOnlyKeys("hookstream_hook_duration_seconds_bucket", "hookstream_in_flight");
        assertThat(found.get("hookstream_hook_duration_seconds_bucket")).contains("le", "status", "executor", "reason");
    }

    @Test
    void readsMetricNamesAndTheirLabelsFromAnExposition() {
        Map<String, Set<String>> exposed = PromQl.exposition("""
                # HELP hookstream_runs_total run outcomes committed
                # TYPE hookstream_runs_total counter
                hookstream_runs_total{reason="",status="Succeeded"} 1.0
                process_uptime_seconds 12.5
                """);

        assertThat(exposed).containsOnlyKeys("hookstream_runs_total", "process_uptime_seconds");
        assertThat(exposed.get("hookstream_runs_total")).containsExactlyInAnyOrder("reason", "status");
    }
}
