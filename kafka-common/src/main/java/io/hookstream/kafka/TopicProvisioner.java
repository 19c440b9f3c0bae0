package io.hookstream.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a component needs when they are missing; existing topics are left as they are. */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {}

    /**
     * Ensures every topic exists.
     *
     * @param replicationFactor the factor for new topics, or a value below 1 for min(3, brokers)
     * @return the topics this call created
     */
    public static List<String> ensure(
            Properties clientProperties,
            Collection<String> topics,
            int partitions,
            int replicationFactor,
            Duration timeout) {
        return ensure(clientProperties, topics, Map.of(), partitions, replicationFactor, timeout);
    }

    /** Ensures every hookstream topic of {@code topics} exists, with its configs; waits at most a minute. */
    public static List<String> ensureAll(
            Properties clientProperties, TopicNames topics, int partitions, int replicationFactor) {
        return ensure(clientProperties, topics, topics.all(), partitions, replicationFactor);
    }

    /**
     * Ensures the hookstream topics {@code names} (of {@code topics}, e.g. {@link TopicNames#ofWorker()}) exist,
     * with their configs; waits at most a minute. Only these are listed, so a principal needs Describe on these
     * alone.
     */
    public static List<String> ensure(
            Properties clientProperties,
            TopicNames topics,
            Collection<String> names,
            int partitions,
            int replicationFactor) {
        return ensure(clientProperties, names, topics.configs(), partitions, replicationFactor, Duration.ofSeconds(60));
    }

    /**
     * Ensures every topic exists, creating missing ones with the given per-topic configs.
     *
     * @param replicationFactor the factor for new topics, or a value below 1 for min(3, brokers)
     * @return the topics this call created
     */
    public static List<String> ensure(
            Properties clientProperties,
            Collection<String> topics,
            Map<String, Map<String, String>> configs,
            int partitions,
            int replicationFactor,
            Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Set<String> existing = admin.listTopics().names().get(remaining(deadline), TimeUnit.NANOSECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t))
                    .distinct()
                    .map(t -> new NewTopic(t, partitions, replication(admin, replicationFactor, deadline))
                            .configs(configs.getOrDefault(t, Map.of())))
                    .toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            admin.createTopics(missing).values().forEach((topic, future) -> {
                try {
                    future.get(remaining(deadline), TimeUnit.NANOSECONDS);
                    LOG.info("created topic {} ({} partitions)", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw failure(topic, e.getCause());
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw failure(topic, e);
                }
            });
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw failure(String.join(", ", topics), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure(String.join(", ", topics), e);
        }
    }

    private static short replication(Admin admin, int wanted, long deadline) {
        if (wanted > 0) {
            return (short) wanted;
        }
        try {
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(remaining(deadline), TimeUnit.NANOSECONDS)
                    .size();
            return (short) Math.max(1, Math.min(3, brokers));
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw failure("(cluster description)", e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static KafkaSupportException failure(String topic, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (cause instanceof TopicAuthorizationException) {
            // a topic that exists but is not listed is one this principal may not Describe
            return new KafkaSupportException(
                    "TopicSetupFailed",
                    "could not find or create topic " + topic + ": "
                            + cause + " — this principal may neither Describe it nor create it; create the topics "
                            + "beforehand and grant Describe on each (see docs/kafka-acls.md)",
                    cause);
        }
        return new KafkaSupportException(
                "TopicSetupFailed",
                "could not create topic " + topic + ": " + cause
                        + " — check that the brokers in bootstrap.servers are reachable and that this principal may create"
                        + " topics, or create them beforehand",
                cause);
    }
}
