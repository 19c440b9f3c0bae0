package io.hookstream.worker;

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

class WorkerSettingsTest {

    static final Path README =
            Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();

    @Test
    void theReadmeTableIsTheSettingsTable() throws Exception {
        String table = WorkerSettings.TABLE.markdown();
        Files.writeString(Path.of(System.getProperty("basedir", ".")).resolve("target/worker-settings.md"), table);

        assertThat(Files.readString(README, StandardCharsets.UTF_8))
                .as("README.md's worker table (the expected one is in worker/target/worker-settings.md)")
                .contains("### Worker settings\n\n" + table + "\n");
    }

    @Test
    void everySettingTheWorkerReadsIsInTheTableAndEveryFlagInTheTableIsRead() {
        ConfigReader reader = new ConfigReader(TestSigning.ENV, Map.of());

        WorkerConfig.from(reader);

        assertThat(WorkerSettings.TABLE.names()).containsExactlyInAnyOrderElementsOf(reader.namesRead());
    }

    @Test
    void theStartUpLineShowsEverySettingInUseAndNoSecret() {
        Map<String, String> env = new HashMap<>(TestSigning.ENV);
        env.put("HOOKSTREAM_KAFKA_SASL_JAAS_CONFIG", "login password=\"kafka-secret\";");
        WorkerConfig config =
                WorkerConfig.from(new ConfigReader(env, Map.of("worker-http-port", "-1", "hook-lease", "0s")));

        Map<String, Object> line = config.describe();

        assertThat(line)
                .containsEntry("worker-http-port", "off")
                .containsEntry("hook-signing-keys", "[redacted]")
                .containsEntry("hook-lease", "off (a hook whose partition moves may run twice)")
                .containsEntry("retry-backoff", "1s")
                .containsKey("hook-signing")
                .containsKey("template-check");
        assertThat(line.get("template-check"))
                .as("the check's summary, not the record")
                .isEqualTo(Map.of("source", "off"));
        assertThat(line.toString())
                .doesNotContain("kafka-secret")
                .doesNotContain(TestSigning.KEYS.split("=", 2)[1]);
    }

    @Test
    void helpListsEveryFlagWithItsVariableAndDefault() {
        String help = WorkerSettings.help();

        assertThat(help).startsWith("Usage: hookstream worker");
        for (Setting<?> setting : WorkerSettings.TABLE.settings()) {
            String line = setting.flag() == null
                    ? setting.env() + " (" + setting.type() + ")"
                    : setting.flag() + " " + setting.valueHint() + ", " + setting.env();
            assertThat(help).contains(line + "  [default: " + setting.defaultText() + "]");
        }
        assertThat(help).contains("--worker-http-port INTEGER, HOOKSTREAM_WORKER_HTTP_PORT  [default: 8081]");
    }

    @Test
    void dashDashHelpIsRecognisedAnywhereAmongTheArguments() {
        assertThat(Main.wantsHelp("--max-in-flight", "1", "--help")).isTrue();
        assertThat(Main.wantsHelp("-h")).isTrue();
        assertThat(Main.wantsHelp("--max-in-flight", "8")).isFalse();
    }
}
