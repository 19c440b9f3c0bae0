package io.hookstream.cli.internal;

import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;

/**
 * What asking to cancel a run gave: {@code kind} as the dispatcher's {@code POST /v1/runs/{id}/cancel} says it
 * ({@link Kind#Published} over Kafka, where nobody answers), the run as known then (the dispatcher's view, or the
 * outcome found on the runs topic; null when unknown) and a sentence for the user.
 */
public record CancelAnswer(String runId, Kind kind, RunOutcome run, String message) {

    /** The {@code cancel} field of the dispatcher's answer, plus Kafka's {@code Published}. */
    public enum Kind {
        /** The dispatcher published the cancel; the run was Running. */
        Requested,
        /** The run was being cancelled already; nothing new was published. */
        AlreadyRequested,
        /** The run had finished: nothing was published, nothing to cancel. */
        NotNeeded,
        /** Over Kafka: the cancel is on the requests topic; the dispatcher that owns the run acts on it. */
        Published
    }

    /** The run's status when known (null over Kafka while the run has no outcome). */
    public RunStatus status() {
        return run == null ? null : run.status();
    }
}
