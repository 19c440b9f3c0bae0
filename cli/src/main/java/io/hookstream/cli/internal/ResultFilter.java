package io.hookstream.cli.internal;

import java.time.Instant;
import java.util.Locale;

/**
 * Which results to show: by run id, status (a result status, or {@code ?} for malformed records), hook name and
 * time. A malformed record has a run (its key) and a status ({@code ?}) but no hook name.
 */
public record ResultFilter(String runId, String status, String hook, Instant since) {

    public boolean test(ResultEntry entry) {
        if (runId != null && !runId.equals(entry.runId())) {
            return false;
        }
        if (status != null
                && !status.toLowerCase(Locale.ROOT).equals(entry.status().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (hook != null && (entry.malformed() || !hook.equals(entry.result().hookName()))) {
            return false;
        }
        return since == null || !entry.recordTime().isBefore(since);
    }
}
