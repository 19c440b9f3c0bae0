package io.hookstream.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.testing.TestSigning;
import io.hookstream.worker.executor.Cidr;
import io.hookstream.worker.executor.ExecutionLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigLimitsTest {

    private static WorkerConfig config(Map<String, String> flags) {
        return WorkerConfig.from(new ConfigReader(TestSigning.ENV, flags));
    }

    @Test
    void defaultsAllowAnyProgramAndDenyLinkLocalAndMetadata() {
        WorkerConfig config = config(Map.of());

        assertThat(config.limits().execAllow()).containsExactly("*");
        assertThat(config.limits().netDeny())
                .extracting(Cidr::text)
                .containsExactlyElementsOf(ExecutionLimits.DEFAULT_NET_DENY);
        assertThat(config.describe())
                .containsEntry("exec-allow", "*")
                .containsEntry("net-deny", String.join(",", ExecutionLimits.DEFAULT_NET_DENY))
                .containsEntry("net-allow", "any not denied")
                .containsEntry("http-max-redirects", 5);
    }

    @Test
    void settingsAreParsedAndTheDenyListAddsToTheDefaults() {
        WorkerConfig config = config(Map.of(
                "exec-allow",
                "sh, /bin/sh",
                "net-allow",
                "10.0.0.0/8,fd00::/8",
                "net-deny",
                "10.1.0.0/16",
                "http-max-redirects",
                "0",
                "exec-env-max-vars",
                "10"));

        assertThat(config.limits().execAllow()).containsExactly("sh", "/bin/sh");
        assertThat(config.limits().netAllow()).extracting(Cidr::text).containsExactly("10.0.0.0/8", "fd00::/8");
        assertThat(config.limits().netDeny()).extracting(Cidr::text).contains("169.254.0.0/16", "10.1.0.0/16");
        assertThat(config.limits().maxRedirects()).isZero();
        assertThat(config.limits().maxEnvVars()).isEqualTo(10);
        assertThat(config(Map.of("net-deny-defaults", "false")).limits().netDeny())
                .isEmpty();
        assertThat(config(Map.of("exec-disabled", "true")).describe()).containsEntry("exec-disabled", true);
    }

    @Test
    void badSettingsAreReportedTogetherAtStartUp() {
        assertThatThrownBy(() -> config(Map.of(
                        "exec-allow",
                        "no-such-program-hookstream,bin/sh",
                        "net-allow",
                        "example.com",
                        "net-deny",
                        "10.0.0.0/40",
                        "exec-disabled",
                        "maybe")))
                .hasMessageContaining("--exec-allow")
                .hasMessageContaining("no-such-program-hookstream")
                .hasMessageContaining("--net-allow")
                .hasMessageContaining("example.com")
                .hasMessageContaining("--net-deny")
                .hasMessageContaining("--exec-disabled");
    }
}
