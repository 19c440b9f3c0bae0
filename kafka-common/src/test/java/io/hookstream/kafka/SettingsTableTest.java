package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTableTest {

    record Sample(String host, Duration delay, List<String> tokens, Path dir, boolean cluster) {}

    static final Setting<String> HOST = Setting.text("sample-host", "0.0.0.0", "Address | to listen on.");
    static final Setting<Duration> WAIT = Setting.duration("sample-wait", Duration.ofSeconds(30), "How long to wait.");
    static final Setting<List<String>> TOKENS =
            Setting.list("sample-tokens", List.of(), "Bearer tokens.").asSecret();
    static final Setting<Path> DIR = Setting.path("sample-dir", Path.of("data"), "Where data goes.");
    static final Setting<Map<String, String>> EXTRA =
            Setting.envOnly("HOOKSTREAM_SAMPLE_*", "text", "none", "Anything else.", r -> Map.of());

    static final SettingsTable<Sample> TABLE = SettingsTable.<Sample>builder()
            .add(HOST, Sample::host)
            .add(WAIT, Sample::delay)
            .add(TOKENS, Sample::tokens)
            .add(DIR, s -> s.cluster() ? Optional.empty() : Optional.of(s.dir()))
            .documented(EXTRA)
            .build();

    @Test
    void describeShowsValuesByFlagNameRedactsSecretsAndLeavesOutSettingsNotInUse() {
        Sample sample = new Sample("127.0.0.1", Duration.ofMinutes(2), List.of("s3cr3t-token"), Path.of("data"), false);

        Map<String, Object> line = TABLE.describe(sample);

        assertThat(line)
                .containsExactly(
                        Map.entry("sample-host", "127.0.0.1"),
                        Map.entry("sample-wait", "2m0s"),
                        Map.entry("sample-tokens", SettingsTable.REDACTED),
                        Map.entry(
                                "sample-dir",
                                Path.of("data").toAbsolutePath().normalize().toString()));
        assertThat(line.toString()).doesNotContain("s3cr3t");
        assertThat(TABLE.describe(new Sample("h", Duration.ofSeconds(1), List.of(), Path.of("x"), true)))
                .containsEntry("sample-tokens", "none")
                .doesNotContainKey("sample-dir");
    }

    @Test
    void helpNamesEveryFlagItsVariableTypeAndDefault() {
        String help = TABLE.help("sample [--name value ...]", "Runs a sample.");

        assertThat(help)
                .startsWith("Usage: sample [--name value ...]\nRuns a sample.\n")
                .contains("--sample-host TEXT, HOOKSTREAM_SAMPLE_HOST  [default: 0.0.0.0]")
                .contains("--sample-wait DURATION, HOOKSTREAM_SAMPLE_WAIT  [default: 30s]")
                .contains("--sample-tokens LIST, HOOKSTREAM_SAMPLE_TOKENS  [default: none] [secret]")
                .contains("  HOOKSTREAM_SAMPLE_* (text)  [default: none]")
                .contains("      Address | to listen on.");
    }

    @Test
    void theMarkdownTableHasARowPerSettingWithPipesEscaped() {
        assertThat(TABLE.markdown()).isEqualTo("""
                | flag | environment | type | default | description |
                |---|---|---|---|---|
                | `--sample-host` | `HOOKSTREAM_SAMPLE_HOST` | text | 0.0.0.0 | Address \\| to listen on. |
                | `--sample-wait` | `HOOKSTREAM_SAMPLE_WAIT` | duration | 30s | How long to wait. |
                | `--sample-tokens` | `HOOKSTREAM_SAMPLE_TOKENS` | list, secret | none | Bearer tokens. |
                | `--sample-dir` | `HOOKSTREAM_SAMPLE_DIR` | path | data | Where data goes. |
                |  | `HOOKSTREAM_SAMPLE_*` | text | none | Anything else. |
                """);
    }

    @Test
    void aSettingListedTwiceIsRefused() {
        assertThatThrownBy(() -> SettingsTable.<Sample>builder()
                        .add(HOST, Sample::host)
                        .add(HOST.describedAs("again"), Sample::host)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample-host");
    }

    @Test
    void settingsReadFlagsThenEnvironmentThenDefaultAndNameBothInProblems() {
        ConfigReader reader = new ConfigReader(
                Map.of("HOOKSTREAM_SAMPLE_WAIT", "soon", "HOOKSTREAM_SAMPLE_HOST", "env"),
                Map.of("sample-host", "flag", "sample-tokens", " a, ,b "));

        assertThat(HOST.read(reader)).isEqualTo("flag");
        assertThat(TOKENS.read(reader)).containsExactly("a", "b");
        assertThat(DIR.read(reader)).isEqualTo(Path.of("data"));
        assertThat(WAIT.read(reader)).isEqualTo(Duration.ofSeconds(30));
        assertThat(reader.namesRead())
                .containsExactlyInAnyOrder("sample-host", "sample-tokens", "sample-dir", "sample-wait");
        assertThatThrownBy(reader::validate).hasMessageContaining("--sample-wait / HOOKSTREAM_SAMPLE_WAIT: 'soon'");
    }
}
