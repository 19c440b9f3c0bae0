package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;

/**
 * Looks at consumer groups and topics through the Admin API: whether a group is stable with all its members
 * holding their partitions (so a pass does not start into a rebalance), and how many partitions a topic has.
 */
public final class GroupWatch implements AutoCloseable {

    private final Admin admin;

    public GroupWatch(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "loadtest-admin");
        this.admin = Admin.create(props);
    }

    public Admin admin() {
        return admin;
    }

    /** A group's state, member count and the partitions its members hold. */
    public record GroupView(GroupState state, int members, int assignedPartitions) {
        boolean settled(int expectedMembers, int expectedPartitions) {
            return state == GroupState.STABLE && members == expectedMembers && assignedPartitions >= expectedPartitions;
        }
    }

    public GroupView describe(String group) {
        return view(group, () -> {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(group);
            return new GroupView(
                    d.groupState(),
                    d.members().size(),
                    d.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size())
                            .sum());
        });
    }

    /** A share group's state, member count and the partitions assigned to its members (a partition may count more than once). */
    public GroupView describeShareGroup(String group) {
        return view(group, () -> {
            ShareGroupDescription d = admin.describeShareGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(10, TimeUnit.SECONDS);
            return new GroupView(
                    d.groupState(),
                    d.members().size(),
                    d.members().stream()
                            .mapToInt(m -> m.assignment().topicPartitions().size())
                            .sum());
        });
    }

    private interface Describe {
        GroupView get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static GroupView view(String group, Describe describe) {
        try {
            return describe.get();
        } catch (ExecutionException | TimeoutException e) {
            return new GroupView(GroupState.UNKNOWN, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted", "interrupted while describing group " + group, e);
        }
    }

    /**
     * Waits until {@code group} is stable with {@code members} members that hold at least {@code partitions}
     * partitions between them (a service may consume more topics than the tool knows of).
     *
     * @throws LoadTestException {@code GroupNotReady} when that does not happen within {@code timeout}
     */
    public void awaitSettled(String group, int members, int partitions, Duration timeout) {
        awaitSettled(
                "consumer group " + group,
                () -> describe(group),
                members,
                partitions,
                timeout,
                "see the worker logs in the run directory");
    }

    /** As {@link #awaitSettled}, for a share group. */
    public void awaitShareGroupSettled(String group, int members, int partitions, Duration timeout) {
        awaitSettled(
                "share group " + group,
                () -> describeShareGroup(group),
                members,
                partitions,
                timeout,
                "share groups need Kafka 4.2 or later with the feature share.version=1");
    }

    private static void awaitSettled(
            String what, Supplier<GroupView> describe, int members, int partitions, Duration timeout, String hint) {
        long deadline = System.nanoTime() + timeout.toNanos();
        GroupView view = describe.get();
        while (!view.settled(members, partitions)) {
            if (System.nanoTime() > deadline) {
                throw new LoadTestException(
                        "GroupNotReady",
                        what + " did not settle within " + timeout.toSeconds()
                                + "s: " + view + ", expected " + members + " members holding " + partitions
                                + " partitions; " + hint);
            }
            pause(200);
            view = describe.get();
        }
    }

    /** The partition count of {@code topic}. */
    public int partitions(String topic) {
        return topic(topic).partitions().size();
    }

    /** The replication factor of {@code topic}. */
    public short replicationFactor(String topic) {
        return (short) topic(topic).partitions().get(0).replicas().size();
    }

    private TopicDescription topic(String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new LoadTestException(
                    "TopicMissing",
                    "cannot describe topic " + topic + ": " + e.getMessage()
                            + "; check --bootstrap-servers and --topic-prefix",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted", "interrupted while describing " + topic, e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted", "interrupted while waiting", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
