package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    @Test
    void flagWinsOverEnvironmentAndEnvironmentOverDefault() {
        ConfigReader reader = new ConfigReader(
                Map.of("HOOKSTREAM_HTTP_PORT", "9000", "HOOKSTREAM_TOPIC_PREFIX", "x."), Map.of("http-port", "9100"));

        assertThat(reader.integer("http-port", 8080, 0, 65535)).isEqualTo(9100);
        assertThat(reader.string("topic-prefix", "hookstream.")).isEqualTo("x.");
        assertThat(reader.duration("default-hook-timeout", Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyInvalidSettingIsReportedAtOnceNamingFlagAndVariable() {
        ConfigReader reader = new ConfigReader(
                Map.of("HOOKSTREAM_HTTP_PORT", "eighty"),
                Map.of("default-hook-timeout", "5 minutes", "topic-partitions", "0"));
        reader.integer("http-port", 8080, 0, 65535);
        reader.duration("default-hook-timeout", Duration.ofMinutes(5));
        reader.integer("topic-partitions", 6, 1, 10000);

        assertThatThrownBy(reader::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--http-port / HOOKSTREAM_HTTP_PORT: 'eighty' is not valid")
                .hasMessageContaining("--default-hook-timeout")
                .hasMessageContaining("--topic-partitions / HOOKSTREAM_TOPIC_PARTITIONS: '0' is not valid: must be"
                        + " between 1 and 10000");
    }

    @Test
    void kafkaPropertiesComeFromAFileAndTheEnvironmentWins(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("client.properties");
        java.nio.file.Files.writeString(file, """
                # SASL over TLS
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="w" password="p";
                """);
        ConfigReader reader = new ConfigReader(
                Map.of(
                        "HOOKSTREAM_KAFKA_PROPERTIES_FILE",
                        file.toString(),
                        "HOOKSTREAM_KAFKA_SASL_MECHANISM",
                        "SCRAM-SHA-256"),
                Map.of());

        Map<String, String> props = reader.kafkaProperties();
        reader.validate();

        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsKey("sasl.jaas.config")
                .doesNotContainKey("properties.file");
        assertThat(ConfigReader.redacted(props).get("sasl.jaas.config")).isEqualTo("[redacted]");
    }

    @Test
    void anUnreadableKafkaPropertiesFileIsAProblemNamingTheSetting() {
        ConfigReader reader = new ConfigReader(Map.of(), Map.of("kafka-properties-file", "/no/such/client.properties"));

        reader.kafkaProperties();

        assertThatThrownBy(reader::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--kafka-properties-file / HOOKSTREAM_KAFKA_PROPERTIES_FILE")
                .hasMessageContaining("/no/such/client.properties");
    }

    @Test
    void kafkaPropertiesComeFromPrefixedEnvironmentAndSecretsAreRedacted() {
        ConfigReader reader = new ConfigReader(
                Map.of(
                        "HOOKSTREAM_KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "HOOKSTREAM_KAFKA_SASL_JAAS_CONFIG",
                        "secret stuff",
                        "OTHER",
                        "x"),
                Map.of());

        Map<String, String> props = reader.kafkaProperties();

        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "secret stuff")
                .hasSize(2);
        assertThat(ConfigReader.redacted(props))
                .containsEntry("sasl.jaas.config", "[redacted]")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void everySecretKafkaClientPropertyIsRedactedAndOrdinaryOnesAreShown() {
        Map<String, String> props = new java.util.HashMap<>();
        for (String secret : List.of(
                "sasl.jaas.config",
                "ssl.key.password",
                "ssl.keystore.password",
                "ssl.truststore.password",
                "ssl.keystore.key",
                "sasl.oauthbearer.client.credentials.client.secret",
                "sasl.oauthbearer.assertion.private.key.passphrase",
                "listener.name.client.sasl.jaas.config")) {
            props.put(secret, "hunter2");
        }
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("ssl.truststore.location", "/etc/ca.crt");

        Map<String, String> shown = ConfigReader.redacted(props);

        assertThat(shown)
                .doesNotContainValue("hunter2")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/ca.crt");
    }

    @Test
    void flagsParseInBothFormsAndRejectStrayArguments() {
        assertThat(ConfigReader.parseFlags("--a", "1", "--b=2", "--c"))
                .containsEntry("a", "1")
                .containsEntry("b", "2")
                .containsEntry("c", "true");
        assertThatThrownBy(() -> ConfigReader.parseFlags("oops"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unexpected argument 'oops'");
    }

    @Test
    void listsAreTrimmedWithoutBlankItemsAndAnEmptyValueIsAnEmptyList() {
        ConfigReader reader =
                new ConfigReader(Map.of("HOOKSTREAM_NET_ALLOW", ""), Map.of("exec-allow", " sh, ,/bin/sh ,"));

        assertThat(reader.list("exec-allow", List.of("*"))).containsExactly("sh", "/bin/sh");
        assertThat(reader.list("net-deny", List.of("x"))).containsExactly("x");
        assertThat(reader.list("net-allow", List.of("x"))).containsExactly("x"); // a blank variable is unset
        assertThat(new ConfigReader(Map.of(), Map.of("net-allow", "")).list("net-allow", List.of("x")))
                .isEmpty();
    }

    @Test
    void anUnknownChoiceIsAProblemSayingWhatToUse() {
        ConfigReader reader = new ConfigReader(Map.of(), Map.of("template-source", "configmap"));

        String source = reader.choice(
                "template-source",
                "files",
                "files",
                text -> java.util.Optional.of(text).filter(t -> t.equals("files") || t.equals("kubernetes")),
                "use files or kubernetes");

        assertThat(source).isEqualTo("files");
        assertThatThrownBy(reader::validate)
                .hasMessageContaining(
                        "--template-source / HOOKSTREAM_TEMPLATE_SOURCE: 'configmap' is not valid: use files or kubernetes");
    }
}
