package io.hookstream.cli.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;

/** The partition counts of the topics dead letters came from; a topic that no longer exists is absent. */
public final class OriginTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private OriginTopics() {}

    public static Map<String, Integer> partitions(Properties common, Collection<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        if (topics.isEmpty()) {
            return counts;
        }
        String bootstrap = String.valueOf(common.get("bootstrap.servers"));
        try (Admin admin = Admin.create(common)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var present = topics.stream().filter(existing::contains).distinct().toList();
            if (present.isEmpty()) {
                return counts;
            }
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(present).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            descriptions.forEach((name, description) ->
                    counts.put(name, description.partitions().size()));
            return counts;
        } catch (ExecutionException e) {
            throw KafkaUnavailable.of(
                    e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause()),
                    bootstrap,
                    "describe the dead letters' origin topics");
        } catch (TimeoutException e) {
            throw KafkaUnavailable.of(
                    new org.apache.kafka.common.errors.TimeoutException(e.getMessage()),
                    bootstrap,
                    "describe the dead letters' origin topics");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaUnavailable.of(
                    new KafkaException("interrupted"), bootstrap, "describe the dead letters' origin topics");
        }
    }
}
