package io.hookstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerBuilderTest {

    @Test
    void defaultsToLoopbackPort9092AndATemporaryDataDirThatCloseDeletes() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        Path dir = broker.dataDir();

        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(broker.port()).isEqualTo(9092);
        assertThat(broker.isRunning()).isFalse();
        assertThat(dir).isDirectory();

        broker.close();
        assertThat(dir).doesNotExist();
    }

    @Test
    void givenDataDirIsKeptOnCloseUnlessAskedToDelete(@TempDir Path tmp) throws Exception {
        Path kept = Files.createDirectory(tmp.resolve("kept"));
        Path deleted = Files.createDirectory(tmp.resolve("deleted"));

        EmbeddedKafkaBroker.builder().dataDir(kept).build().close();
        EmbeddedKafkaBroker.builder()
                .dataDir(deleted)
                .deleteDataOnClose(true)
                .build()
                .close();

        assertThat(kept).isDirectory();
        assertThat(deleted).doesNotExist();
    }

    @Test
    void wildcardHostAdvertisesLoopbackAndAnAdvertisedHostIsUsedForBootstrap() {
        try (EmbeddedKafkaBroker wildcard =
                        EmbeddedKafkaBroker.builder().host("0.0.0.0").port(9999).build();
                EmbeddedKafkaBroker advertised = EmbeddedKafkaBroker.builder()
                        .advertisedHost("kafka.local")
                        .build()) {
            assertThat(wildcard.bootstrapServers()).isEqualTo("127.0.0.1:9999");
            assertThat(advertised.bootstrapServers()).isEqualTo("kafka.local:9092");
        }
    }

    @Test
    void portOutOfRangeIsRejectedNamingTheField() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(70_000).build())
                .isInstanceOfSatisfying(
                        EmbeddedKafkaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                .hasMessageContaining("port must be between 0 and 65535");
        assertThatThrownBy(
                        () -> EmbeddedKafkaBroker.builder().controllerPort(-1).build())
                .hasMessageContaining("controllerPort must be between 0 and 65535");
    }

    @Test
    void samePortForBrokerAndControllerIsRejected() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .port(9500)
                        .controllerPort(9500)
                        .build())
                .isInstanceOfSatisfying(
                        EmbeddedKafkaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                .hasMessageContaining("port and controllerPort are both 9500");
    }

    @Test
    void managedBrokerPropertyIsRejectedWithTheBuilderMethodToUse() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:1"))
                .isInstanceOfSatisfying(
                        EmbeddedKafkaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                .hasMessageContaining("'listeners'")
                .hasMessageContaining("port()");
    }

    @Test
    void invalidBrokerPropertyValueIsRejectedAtBuildNamingTheProperty() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .brokerProperty("num.partitions", "many")
                        .build())
                .isInstanceOfSatisfying(
                        EmbeddedKafkaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                .hasMessageContaining("num.partitions")
                .hasMessageContaining("brokerProperty");
    }

    @Test
    void wildcardAdvertisedHostIsRejected() {
        assertThatThrownBy(() ->
                        EmbeddedKafkaBroker.builder().advertisedHost("0.0.0.0").build())
                .hasMessageContaining("advertisedHost '0.0.0.0'");
    }

    @Test
    void startAfterCloseFailsWithClosed() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(0).build();
        broker.close();
        broker.close();

        assertThatThrownBy(broker::start)
                .isInstanceOfSatisfying(
                        EmbeddedKafkaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CLOSED))
                .hasMessageContaining("builder()");
    }

    @Test
    void aclAuthorizerNeedsSaslAndSuperUsersThatCanLogIn() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .aclAuthorizer(Set.of("admin"))
                        .build())
                .isInstanceOfSatisfying(
                        EmbeddedKafkaException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                .hasMessageContaining("aclAuthorizer needs saslPlain");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .saslPlain(Map.of("alice", "pw"))
                        .aclAuthorizer(Set.of("admin"))
                        .build())
                .hasMessageContaining("super user 'admin' is not a saslPlain user");
    }

    @Test
    void saslUserNamesAndPasswordsThatCannotBeWrittenIntoJaasAreRejected() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .saslPlain(Map.of("bad name", "pw"))
                        .build())
                .hasMessageContaining("user name 'bad name' is not valid");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .saslPlain(Map.of("alice", "p\"w"))
                        .build())
                .hasMessageContaining("password of user 'alice'");
        assertThatThrownBy(
                        () -> EmbeddedKafkaBroker.builder().saslPlain(Map.of()).build())
                .hasMessageContaining("at least one user");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .saslPlain(Map.of("hookstream-embedded-broker", "pw"))
                        .build())
                .hasMessageContaining("the broker's own user");
    }

    @Test
    void aPlaintextBrokerHasNoClientPropertiesForUsers() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(0).build()) {
            assertThat(broker.saslEnabled()).isFalse();
            assertThat(broker.aclsEnforced()).isFalse();
            assertThatThrownBy(() -> broker.clientProperties("alice"))
                    .isInstanceOfSatisfying(
                            EmbeddedKafkaException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG))
                    .hasMessageContaining("no SASL listener");
        }
    }

    @Test
    void reasonCodesArePascalCase() {
        assertThat(Reason.PORT_IN_USE.code()).isEqualTo("PortInUse");
        assertThat(new EmbeddedKafkaException(Reason.STARTUP_TIMEOUT, "slow"))
                .hasToString(EmbeddedKafkaException.class.getName() + "[StartupTimeout]: slow");
    }
}
