package io.hookstream.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Describes topics at start-up. A topic created a moment ago (by this process's provisioning or by another process
 * starting beside it) may not be in the answering broker's metadata yet, so "unknown topic" is asked again for a
 * while before it counts as missing. Blocking.
 */
public final class TopicDescriptions {

    /** How long a just-created topic is waited for by default. */
    public static final Duration UNKNOWN_TOPIC_WAIT = Duration.ofSeconds(30);

    private TopicDescriptions() {}

    /**
     * @throws ExecutionException the last failure, with {@link UnknownTopicOrPartitionException} as its cause when a
     *                            topic is still unknown after {@code unknownTopicWait}
     */
    public static Map<String, TopicDescription> describe(
            Admin admin, Collection<String> names, Duration unknownTopicWait)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + unknownTopicWait.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100); // a start-up thread: the new topic's metadata is on its way
            }
        }
    }
}
