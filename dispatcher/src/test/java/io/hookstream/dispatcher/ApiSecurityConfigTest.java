package io.hookstream.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.testing.TestSigning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiSecurityConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutSettingsTheApiIsOpenWithAOneMebibyteLimitAndNoTls() {
        ApiSecurity api = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of()))
                .api();

        assertThat(api.authEnabled()).isFalse();
        assertThat(api.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(api.tls()).isFalse();
        assertThat(api.describe()).containsEntry("auth", "none").containsEntry("tls", "off");
    }

    @Test
    void tokensComeFromTheEnvironmentAndTheFileAndAreNeverDescribed() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens"), "# comment\n\nfile-secret-1\n  file-secret-2 \n");
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(
                Map.of(
                        "HOOKSTREAM_API_TOKENS",
                        "env-secret-1, ,env-secret-2",
                        "HOOKSTREAM_HOOK_SIGNING_KEYS",
                        TestSigning.KEYS),
                Map.of("api-tokens-file", file.toString(), "metrics-auth", "TRUE", "max-request-bytes", "4096")));

        assertThat(config.api().envTokens()).containsExactly("env-secret-1", "env-secret-2");
        assertThat(ApiSecurity.readTokens(file)).containsExactly("file-secret-1", "file-secret-2");
        assertThat(config.api().metricsAuth()).isTrue();
        assertThat(config.api().maxRequestBytes()).isEqualTo(4096);
        assertThat(config.describe().toString() + config + config.api())
                .contains("envTokens=2")
                .doesNotContain("env-secret", "file-secret");
    }

    @Test
    void invalidSettingsAreNamedWithWhatToDo() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing yet\n");
        Path notPem = Files.writeString(dir.resolve("cert.der"), "binary");

        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(
                        TestSigning.ENV,
                        Map.of(
                                "api-tokens-file",
                                empty.toString(),
                                "max-request-bytes",
                                "12",
                                "http-tls-cert",
                                notPem.toString(),
                                "http-tls-key",
                                dir.resolve("missing.pem").toString(),
                                "metrics-auth",
                                "yes"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--api-tokens-file / HOOKSTREAM_API_TOKENS_FILE")
                .hasMessageContaining("holds no token")
                .hasMessageContaining("--max-request-bytes")
                .hasMessageContaining("--http-tls-cert / HOOKSTREAM_HTTP_TLS_CERT")
                .hasMessageContaining("not PEM")
                .hasMessageContaining("--http-tls-key / HOOKSTREAM_HTTP_TLS_KEY")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("--metrics-auth");
    }

    @Test
    void tlsNeedsBothFilesAndMetricsAuthNeedsTokens() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(
                        TestSigning.ENV, Map.of("http-tls-cert", cert.toString(), "metrics-auth", "true"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--http-tls-key")
                .hasMessageContaining("needs both")
                .hasMessageContaining("--metrics-auth")
                .hasMessageContaining("needs API tokens");
        assertThatThrownBy(() -> DispatcherConfig.from(new ConfigReader(
                        TestSigning.ENV,
                        Map.of("api-tokens-file", dir.resolve("nope").toString()))))
                .hasMessageContaining("--api-tokens-file")
                .hasMessageContaining("cannot read");
    }
}
