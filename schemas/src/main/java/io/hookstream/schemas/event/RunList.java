package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A page of runs ({@code GET /v1/runs}), newest first: {@code total} runs match the filters, {@code counts} splits
 * them by status, and {@code next}, when present, is the {@code after} of the next page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunList(List<RunSummary> runs, long total, Map<RunStatus, Long> counts, String next) {

    public RunList {
        runs = runs == null ? List.of() : List.copyOf(runs);
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }
}
