package io.hookstream.cli.internal;

import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import java.time.Duration;

/**
 * How {@code hookstream run} submits a run, {@code hookstream runs cancel} cancels one, and both wait for the
 * outcome: Kafka or the dispatcher's HTTP API.
 */
public interface RunTransport extends AutoCloseable {

    /** What the wait reports while it goes on. */
    interface Listener {
        /** A hook finished (each hook once). */
        void hook(HookLine hook);

        /** Still waiting, {@code elapsed} since the wait began. */
        void waiting(Duration elapsed);
    }

    /**
     * Submits {@code request} (its run id set). Returns its final outcome when that is known at once (a request
     * the dispatcher's HTTP API rejects), else null.
     */
    RunOutcome submit(RunRequest request);

    /**
     * Asks to cancel a run. Over HTTP the dispatcher answers (an unknown run is a {@code CliException} with exit
     * code 1); over Kafka the runs topic is first read back to {@code since} for an outcome of the run (a finished
     * run is {@link CancelAnswer.Kind#NotNeeded} and nothing is published), then the cancel is published.
     */
    CancelAnswer cancel(CancelRequest cancel, Since since);

    /** Waits up to {@code timeout} for the run's outcome, reporting hooks as they finish; null on timeout. */
    RunOutcome await(String runId, Duration timeout, Listener listener);

    @Override
    void close();
}
