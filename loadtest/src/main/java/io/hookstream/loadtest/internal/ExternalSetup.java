package io.hookstream.loadtest.internal;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.TopicNames;
import io.hookstream.loadtest.LoadTestException;
import io.hookstream.worker.WorkerConfig;
import java.time.Duration;
import java.util.Map;

/**
 * An existing hookstream (dispatcher and workers already running, with the load-test templates loaded). The tool
 * only checks that both groups have members and drives the load; it starts and stops nothing.
 */
public final class ExternalSetup implements HookstreamSetup {

    private final String bootstrapServers;
    private final TopicNames topics;
    private int workerConsumers = 1;

    public ExternalSetup(String bootstrapServers, String topicPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.topics = new TopicNames(topicPrefix);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public TopicNames topics() {
        return topics;
    }

    @Override
    public void awaitReady(Duration timeout) {
        try (GroupWatch watch = new GroupWatch(bootstrapServers)) {
            for (String group : new String[] {DispatcherConfig.DEFAULT_GROUP, WorkerConfig.DEFAULT_GROUP}) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (watch.describe(group).members() == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new LoadTestException(
                                "NoConsumers",
                                "consumer group " + group + " on " + bootstrapServers
                                        + " has no members; start the dispatcher and workers first");
                    }
                    GroupWatch.pause(200);
                }
            }
            workerConsumers =
                    Math.max(1, watch.describe(WorkerConfig.DEFAULT_GROUP).members());
        }
    }

    /** The members of the cluster's worker group, as seen when the test started. */
    @Override
    public int workerConsumers() {
        return workerConsumers;
    }

    @Override
    public WorkerProcesses processes() {
        return null;
    }

    @Override
    public Long heapMaxMiB() {
        return null;
    }

    @Override
    public Map<String, Object> workerFacts() {
        return Map.of();
    }

    @Override
    public void stopServices() {
        // not ours to stop
    }

    @Override
    public void close() {
        // nothing started
    }
}
