package io.hookstream.loadtest.internal;

/** One relay of the Kafka baseline, on a thread of its own; {@link #close()} stops it and waits for it. */
public interface BaselineStage extends AutoCloseable {

    BaselineStage start();

    /** The error that ended the relay early, or null while it runs or when it was stopped. */
    Throwable failure();

    @Override
    void close();
}
