package io.hookstream.embedded.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerSettingsTest {

    private static Properties props(Map<String, String> extra) {
        return new BrokerSettings("127.0.0.1", "127.0.0.1", 19092, 19093, Path.of("/tmp/x/kafka-logs"), extra)
                .toProperties();
    }

    @Test
    void combinedNodeWithBothListenersAndStaticVoter() {
        Properties p = props(Map.of());

        assertThat(p).containsEntry("process.roles", "broker,controller")
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

        assertThat(p).containsEntry("offsets.topic.replication.factor", "1")
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
    void ipv6HostIsBracketed() {
        assertThat(BrokerSettings.hostPort("::1", 9092)).isEqualTo("[::1]:9092");
        assertThat(BrokerSettings.hostPort("localhost", 9092)).isEqualTo("localhost:9092");
    }
}
