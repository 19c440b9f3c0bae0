package io.hookstream.loadtest.internal;

import io.hookstream.kafka.TopicNames;
import java.time.Duration;
import java.util.Map;

/** Where the measured pass runs: the tool's embedded setup or an existing cluster. */
public interface HookstreamSetup extends AutoCloseable {

    String bootstrapServers();

    TopicNames topics();

    /** Waits until the dispatcher and the workers consume (their groups are settled). */
    void awaitReady(Duration timeout);

    /** How many worker consumers run (the Kafka baseline starts as many worker relays). */
    int workerConsumers();

    /** The worker JVMs, or null when workers run in this process or are not the tool's. */
    WorkerProcesses processes();

    /** The max heap of each worker in MiB, or null when unknown. */
    Long heapMaxMiB();

    /** What the tool can say about its workers (GC, unexpected exits), for the summary; empty if nothing. */
    Map<String, Object> workerFacts();

    /** Stops the dispatcher and workers the tool started; the broker stays (for the baseline). */
    void stopServices();

    @Override
    void close();
}
