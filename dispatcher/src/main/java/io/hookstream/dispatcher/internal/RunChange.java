package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.RunSummary;

/**
 * A change of the run list, as the {@link RunIndex} applied it: a run listed for the first time ({@code previous}
 * null), changed, or removed ({@code current} null).
 */
record RunChange(RunSummary previous, RunSummary current) {

    String runId() {
        return current != null ? current.runId() : previous.runId();
    }

    /** How many more of the run's hooks have finished than before (0 when it was removed). */
    int hooksFinished() {
        if (current == null) {
            return 0;
        }
        return Math.max(0, current.hooksFinished() - (previous == null ? 0 : previous.hooksFinished()));
    }

    /** True when the run has just ended. */
    boolean finished() {
        return current != null
                && current.status().isTerminal()
                && (previous == null || !previous.status().isTerminal());
    }

    /** True when a list with {@code filter} shows, or showed, the run: a client of that list must hear of it. */
    boolean concerns(RunIndex.Filter filter) {
        return (current != null && filter.matches(current)) || (previous != null && filter.matches(previous));
    }
}
