package io.hookstream.dispatcher;

import io.hookstream.kafka.TopicDescriptions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The dispatcher relies on its topics being co-partitioned (all keyed by run id, with equal partition counts), so
 * that partition p of each holds the same runs. Checked at start-up.
 */
final class CoPartitioning {

    private CoPartitioning() {}

    /** The common partition count. @throws DispatcherException naming the counts when they differ */
    static int check(Properties clientProperties, List<String> topics) throws InterruptedException {
        try (Admin admin = Admin.create(clientProperties)) {
            Map<String, TopicDescription> described =
                    TopicDescriptions.describe(admin, topics, TopicDescriptions.UNKNOWN_TOPIC_WAIT);
            Map<String, Integer> counts = described.values().stream()
                    .collect(Collectors.toMap(
                            TopicDescription::name, d -> d.partitions().size()));
            if (counts.values().stream().distinct().count() != 1) {
                throw new DispatcherException(
                        "TopicsNotCoPartitioned",
                        "topics " + counts + " must have the same"
                                + " number of partitions (runs are routed by run id); recreate them with one count or let"
                                + " hookstream create them");
            }
            return counts.values().iterator().next();
        } catch (ExecutionException | TimeoutException e) {
            throw new DispatcherException("TopicSetupFailed", "could not describe topics " + topics + ": " + e, e);
        }
    }
}
