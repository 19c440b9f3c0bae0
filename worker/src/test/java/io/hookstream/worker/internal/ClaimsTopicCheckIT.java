package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.TopicNames;
import io.hookstream.kafka.TopicProvisioner;
import io.hookstream.testing.WithEmbeddedKafka;
import io.hookstream.worker.WorkerException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The worker's start-up check of the claims topic against the hook topics, on a real broker. */
@WithEmbeddedKafka
class ClaimsTopicCheckIT {

    @Test
    void topicsCreatedAMomentAgoPassTheCheck(EmbeddedKafkaBroker broker) {
        TopicNames topics = new TopicNames("check-" + UUID.randomUUID() + ".");
        Properties client = client(broker);
        TopicProvisioner.ensureAll(client, topics, 3, 1);

        assertThatCode(() -> ClaimsTopicCheck.check(client, topics)).doesNotThrowAnyException();
    }

    @Test
    void aClaimsTopicWithFewerPartitionsThanAHookTopicIsRefusedWithTheCommandThatFixesIt(EmbeddedKafkaBroker broker) {
        TopicNames topics = new TopicNames("small-" + UUID.randomUUID() + ".");
        Properties client = client(broker);
        TopicProvisioner.ensure(client, List.of(topics.claims()), 2, 1, Duration.ofSeconds(30));
        TopicProvisioner.ensure(client, topics.allHooks(), 4, 1, Duration.ofSeconds(30));

        assertThatThrownBy(() -> ClaimsTopicCheck.check(client, topics))
                .isInstanceOfSatisfying(
                        WorkerException.class, e -> assertThat(e.reason()).isEqualTo("ClaimsTopicTooSmall"))
                .hasMessageContaining(topics.claims() + " has 2 partitions")
                .hasMessageContaining("--partitions 4");
    }

    @Test
    void aMissingClaimsTopicIsReportedAsMissingAfterTheWait(EmbeddedKafkaBroker broker) {
        TopicNames topics = new TopicNames("missing-" + UUID.randomUUID() + ".");
        Properties client = client(broker);
        TopicProvisioner.ensure(client, topics.allHooks(), 3, 1, Duration.ofSeconds(30));

        assertThatThrownBy(() -> ClaimsTopicCheck.check(client, topics, Duration.ofMillis(500)))
                .isInstanceOf(WorkerException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("create the hookstream topics");
    }

    private static Properties client(EmbeddedKafkaBroker broker) {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }
}
