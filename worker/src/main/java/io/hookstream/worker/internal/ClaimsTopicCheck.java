package io.hookstream.worker.internal;

import io.hookstream.kafka.TopicDescriptions;
import io.hookstream.kafka.TopicNames;
import io.hookstream.worker.WorkerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The claim on a record of hook-topic partition n is written to partition n of the claims topic, so the claims
 * topic needs at least as many partitions as every hook topic. Checked at start-up (blocking).
 *
 * <p>A topic created a moment ago (by this worker's provisioning or by another process starting beside it) may not
 * be in the broker's metadata yet, so "unknown topic" is retried for a while before it counts as missing.
 */
public final class ClaimsTopicCheck {

    private ClaimsTopicCheck() {}

    /** @throws WorkerException naming the counts and what to do when the claims topic has too few partitions */
    public static void check(Properties clientProperties, TopicNames topics) {
        check(clientProperties, topics, TopicDescriptions.UNKNOWN_TOPIC_WAIT);
    }

    static void check(Properties clientProperties, TopicNames topics, Duration unknownTopicWait) {
        List<String> names = new ArrayList<>(topics.allHooks());
        names.add(topics.claims());
        try (Admin admin = Admin.create(clientProperties)) {
            Map<String, TopicDescription> described = TopicDescriptions.describe(admin, names, unknownTopicWait);
            int claims = described.get(topics.claims()).partitions().size();
            for (String hooks : topics.allHooks()) {
                int count = described.get(hooks).partitions().size();
                if (count > claims) {
                    throw new WorkerException(
                            "ClaimsTopicTooSmall",
                            topics.claims() + " has " + claims
                                    + " partitions but " + hooks + " has " + count
                                    + ": a claim goes to the partition of the"
                                    + " same number, so give " + topics.claims() + " at least " + count + " partitions"
                                    + " (kafka-topics.sh --alter --topic " + topics.claims() + " --partitions " + count
                                    + ")",
                            null);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new WorkerException(
                        "TopicSetupFailed",
                        "one of the topics " + names + " does not exist ("
                                + e.getCause().getMessage()
                                + "): create the hookstream topics (README, Topics and events)"
                                + " or let the worker create them with a principal that may (docs/kafka-acls.md)",
                        e);
            }
            throw new WorkerException(
                    "TopicSetupFailed",
                    "could not describe topics " + names + ": " + e
                            + " — the worker needs Describe on them (docs/kafka-acls.md)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerException("TopicSetupFailed", "interrupted while describing " + names, e);
        }
    }
}
