package io.hookstream.dispatcher;

import io.hookstream.schemas.event.RunOutcome;

/**
 * Hears the committed views of this dispatcher's runs (the Kubernetes run mirror is one). Called on the consumer's
 * thread right after the transaction that produced the view committed, or after a newly assigned partition's runs
 * were restored from the state topic: an implementation must return at once (hand the view to a thread of its
 * own) and never throw, so that it can neither slow nor fail a run.
 */
public interface RunListener extends AutoCloseable {

    /** Listens to nothing. */
    RunListener NONE = new RunListener() {
        @Override
        public void committed(RunOutcome view) {}

        @Override
        public void restored(RunOutcome view) {}
    };

    /** A run changed here: {@code view} is its state as just committed. */
    void committed(RunOutcome view);

    /**
     * This dispatcher took over the run's partition (start-up, failover, rebalance) and restored the run from its
     * state topic: {@code view} is its state as the previous owner last committed it, already heard of then.
     */
    void restored(RunOutcome view);

    /** The run's partition moved to another dispatcher: its views now come from there. */
    default void dropped(String runId) {}

    /** The dispatcher stops: release threads (may block briefly; called off the event loop). */
    @Override
    default void close() {}
}
