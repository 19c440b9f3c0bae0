package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.RunOutcome;

/**
 * What became of a submitted request: the run's current view (Running, or Rejected with its problems), and
 * whether the runId was already known (then nothing new happened).
 */
record Submission(RunOutcome view, boolean duplicate) {

    String runId() {
        return view.runId();
    }
}
