package io.hookstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SASL/PLAIN mode with ACLs: users log in, a wrong password is refused, only ACLs or super users grant access. */
class EmbeddedKafkaSaslIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder()
                .port(0)
                .saslPlain(Map.of("admin", "admin-secret", "alice", "alice-secret", "bob", "bob-secret"))
                .aclAuthorizer(Set.of("admin"))
                .build()
                .start();
    }

    @AfterAll
    static void close() {
        broker.close();
    }

    private static Admin admin(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(config);
    }

    @Test
    void aSuperUserCreatesTopicsAndAclsAndAUserSeesOnlyWhatAnAclAllows() throws Exception {
        try (Admin admin = admin(broker.clientProperties("admin"))) {
            admin.createTopics(List.of(
                            new NewTopic("sasl-it.visible", 1, (short) 1),
                            new NewTopic("sasl-it.hidden", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            admin.createAcls(List.of(new AclBinding(
                            new ResourcePattern(ResourceType.TOPIC, "sasl-it.visible", PatternType.LITERAL),
                            new AccessControlEntry("User:alice", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }

        try (Admin alice = admin(broker.clientProperties("alice"))) {
            // ACLs reach the authorizer through the metadata log: wait until alice's shows
            Awaitility.await("alice's ACL in force")
                    .atMost(Duration.ofSeconds(15))
                    .until(() ->
                            alice.listTopics().names().get(10, TimeUnit.SECONDS).contains("sasl-it.visible"));
            assertThat(alice.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("sasl-it.hidden");
            assertThatThrownBy(() -> alice.createTopics(List.of(new NewTopic("sasl-it.alice", 1, (short) 1)))
                            .all()
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin bob = admin(broker.clientProperties("bob"))) {
            assertThat(bob.listTopics().names().get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAnAuthenticationError() {
        try (Admin wrong = admin(EmbeddedKafkaBroker.saslPlainClientProperties("alice", "not-her-password"))) {
            assertThatThrownBy(() -> wrong.listTopics().names().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswerFromTheSaslListener() {
        try (Admin plain = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                2_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2_000))) {
            assertThatThrownBy(() -> plain.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void clientPropertiesNameTheMechanismAndOnlyKnownUsers() {
        assertThat(broker.saslEnabled()).isTrue();
        assertThat(broker.aclsEnforced()).isTrue();
        assertThat(broker.clientProperties("alice"))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .hasEntrySatisfying(
                        "sasl.jaas.config",
                        jaas -> assertThat(jaas)
                                .contains(
                                        "PlainLoginModule required",
                                        "username=\"alice\"",
                                        "password=\"alice-secret\""));
        assertThatThrownBy(() -> broker.clientProperties("mallory"))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("No SASL user 'mallory'")
                .hasMessageContaining("[admin, alice, bob]");
        assertThatThrownBy(() -> broker.clientProperties("hookstream-embedded-broker"))
                .hasMessageContaining("No SASL user");
    }
}
