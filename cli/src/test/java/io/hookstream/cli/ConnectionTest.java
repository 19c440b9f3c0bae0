package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The connection mixin: Kafka client properties from {@code --kafka-properties-file} and the environment. */
class ConnectionTest {

    @TempDir
    Path dir;

    private static Connection parse(Map<String, String> env, String... args) {
        RunsCommand.Get command = new RunsCommand.Get();
        new CommandLine(command).parseArgs(args);
        return command.connection.withEnvironment(env);
    }

    @Test
    void kafkaPropertiesFileFlagIsReadAndEnvironmentVariablesWinOverIt() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="o" password="p";
                """);

        Properties props = parse(
                        Map.of("HOOKSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                        "run-1",
                        "--bootstrap-servers",
                        "kafka:9093",
                        "--kafka-properties-file",
                        file.toString())
                .kafka("test-client");

        assertThat(props)
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("client.id", "test-client");
        assertThat(props.getProperty("sasl.jaas.config")).contains("username=\"o\"");
    }

    @Test
    void anUnreadableKafkaPropertiesFileIsAUsageErrorNamingTheFlag() {
        Connection connection = parse(
                Map.of(),
                "run-1",
                "--kafka-properties-file",
                dir.resolve("missing").toString());

        assertThatThrownBy(() -> connection.kafka("test-client"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining("--kafka-properties-file")
                .hasMessageContaining("missing");
    }
}
