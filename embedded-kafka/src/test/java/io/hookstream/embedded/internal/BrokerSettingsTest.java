package io.hookstream.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static Properties props(Map<String, String> extra) {
        return new BrokerSettings("127.0.0.1", "127.0.0.1", 19092, 19093, Path.of("/tmp/x/kafka-logs"), extra)
                .toProperties();
    }

    @Test
    void combinedNodeWithBothListenersAndStaticVoter() {
        Properties p = props(Map.of());

        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", "/tmp/x/kafka-logs");
    }

    @Test
    void internalTopicsHaveOneReplicaAndGroupsStartWithoutDelay() {
        Properties p = props(Map.of());

        assertThat(p)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "6");
    }

    @Test
    void extraPropertiesOverrideDefaults() {
        Properties p = props(Map.of("num.partitions", "3", "log.retention.ms", "1000"));

        assertThat(p).containsEntry("num.partitions", "3").containsEntry("log.retention.ms", "1000");
    }

    @Test
    void saslPlainSecuresEveryListenerAndAclsMakeTheBrokerUserASuperUser() {
        SaslSettings sasl = new SaslSettings(Map.of("node", "n-pw", "alice", "a-pw"), "node", true, Set.of("admin"));
        Properties p = new BrokerSettings(
                        "127.0.0.1",
                        "127.0.0.1",
                        19092,
                        19093,
                        Path.of("/tmp/x/kafka-logs"),
                        Map.of("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT"),
                        sasl)
                .toProperties();

        assertThat(p)
                .containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:19092")
                .containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT")
                .containsEntry(
                        "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
                .containsEntry("authorizer.class.name", SaslSettings.AUTHORIZER)
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("super.users", "User:admin;User:node");
        for (String listener : new String[] {"sasl_plaintext", "controller"}) {
            assertThat(p.getProperty("listener.name." + listener + ".plain.sasl.jaas.config"))
                    .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
                    .contains("username=\"node\" password=\"n-pw\"", "user_alice=\"a-pw\"", "user_node=\"n-pw\"")
                    .endsWith(";");
        }
    }

    @Test
    void saslWithoutAclsSetsNoAuthorizer() {
        SaslSettings sasl = new SaslSettings(Map.of("node", "n-pw"), "node", false, Set.of());
        Properties p = new BrokerSettings(
                        "127.0.0.1", "127.0.0.1", 19092, 19093, Path.of("/tmp/x/kafka-logs"), Map.of(), sasl)
                .toProperties();

        assertThat(p)
                .containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT")
                .doesNotContainKeys("authorizer.class.name", "super.users");
    }

    @Test
    void ipv6HostIsBracketed() {
        assertThat(BrokerSettings.hostPort("::1", 9092)).isEqualTo("[::1]:9092");
        assertThat(BrokerSettings.hostPort("localhost", 9092)).isEqualTo("localhost:9092");
    }
}
