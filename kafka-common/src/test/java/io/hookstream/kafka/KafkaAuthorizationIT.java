package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.internal.TransactionWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What kafka-common does when its principal lacks an ACL: clear errors, and no client left running. */
class KafkaAuthorizationIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder()
                .port(0)
                .saslPlain(Map.of("admin", "admin-pw", "app", "app-pw"))
                .aclAuthorizer(Set.of("admin"))
                .build()
                .start();
        try (Admin admin = Admin.create(client("admin", "authz-admin"))) {
            admin.createTopics(List.of(new NewTopic("authz.hidden", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Properties client(String user, String clientId) {
        return KafkaClients.common(broker.bootstrapServers(), broker.clientProperties(user), clientId);
    }

    @Test
    void aTopicThePrincipalMayNotDescribeFailsSetupNamingTheMissingAcl() {
        assertThatThrownBy(() -> TopicProvisioner.ensure(
                        client("app", "authz-provisioner"), List.of("authz.hidden"), 1, 1, Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(
                        KafkaSupportException.class,
                        e -> assertThat(e.getMessage()).contains("authz.hidden", "Describe", "docs/kafka-acls.md"));
    }

    @Test
    void aTransactionalProducerWithoutItsTransactionalIdAclIsClosedWhenItCannotStart() {
        TransactionWriter writer = new TransactionWriter(
                KafkaClients.producer(client("app", "authz-writer")), "authz", Duration.ofSeconds(10));

        assertThatThrownBy(writer::open).isInstanceOf(TransactionalIdAuthorizationException.class);
        assertThat(writer.ready()).isFalse();
        Awaitility.await("the producer's I/O thread ends")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().contains("authz-writer")));
    }
}
