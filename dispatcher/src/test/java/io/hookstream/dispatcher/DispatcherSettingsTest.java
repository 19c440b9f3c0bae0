package io.hookstream.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.Setting;
import io.hookstream.testing.TestSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherSettingsTest {

    static final Path README =
            Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();

    @Test
    void theReadmeTableIsTheSettingsTable() throws Exception {
        String table = DispatcherSettings.TABLE.markdown();
        Files.writeString(Path.of(System.getProperty("basedir", ".")).resolve("target/dispatcher-settings.md"), table);

        assertThat(Files.readString(README, StandardCharsets.UTF_8))
                .as("README.md's dispatcher table (the expected one is in dispatcher/target/dispatcher-settings.md)")
                .contains("### Dispatcher settings\n\n" + table + "\n");
    }

    @Test
    void everySettingTheDispatcherReadsIsInTheTableAndEveryFlagInTheTableIsRead() {
        ConfigReader reader = new ConfigReader(TestSigning.ENV, Map.of());

        DispatcherConfig.from(reader);

        assertThat(DispatcherSettings.TABLE.names()).containsExactlyInAnyOrderElementsOf(reader.namesRead());
    }

    @Test
    void theStartUpLineShowsEverySettingInUseAndNoSecret() {
        Map<String, String> env = new HashMap<>(TestSigning.ENV);
        env.put("HOOKSTREAM_API_TOKENS", "api-secret-1,api-secret-2");
        DispatcherConfig config =
                DispatcherConfig.from(new ConfigReader(env, Map.of("kafka-properties-file", "", "http-port", "9090")));

        Map<String, Object> line = config.describe();

        assertThat(line)
                .containsEntry("http-port", 9090)
                .containsEntry("api-tokens", "[redacted]")
                .containsEntry("hook-signing-keys", "[redacted]")
                .containsEntry("topic-replication-factor", "auto")
                .containsEntry("default-hook-timeout", "5m0s")
                .containsKey("hook-signing");
        assertThat(line.toString())
                .doesNotContain("api-secret")
                .doesNotContain(TestSigning.KEYS.split("=", 2)[1]);
    }

    @Test
    void helpListsEveryFlagWithItsVariableAndDefault() {
        String help = DispatcherSettings.help();

        assertThat(help).startsWith("Usage: hookstream dispatcher");
        for (Setting<?> setting : DispatcherSettings.TABLE.settings()) {
            String line = setting.flag() == null
                    ? setting.env() + " (" + setting.type() + ")"
                    : setting.flag() + " " + setting.valueHint() + ", " + setting.env();
            assertThat(help).contains(line + "  [default: " + setting.defaultText() + "]");
        }
        assertThat(help).contains("--http-port INTEGER, HOOKSTREAM_HTTP_PORT  [default: 8080]");
    }

    @Test
    void dashDashHelpIsRecognisedAnywhereAmongTheArguments() {
        assertThat(Main.wantsHelp("--http-port", "1", "--help")).isTrue();
        assertThat(Main.wantsHelp("-h")).isTrue();
        assertThat(Main.wantsHelp("--http-port", "8080")).isFalse();
    }
}
