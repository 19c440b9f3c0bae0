package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "2m, PT2M",
        "1h30m, PT1H30M",
        "1.5s, PT1.5S",
        "250ms, PT0.25S",
        "0, PT0S",
        "1h30m0s, PT1H30M",
        "1m30.5s, PT1M30.5S",
        ".5s, PT0.5S",
        "100us, PT0.0001S",
        "100µs, PT0.0001S",
        "7ns, PT0.000000007S",
        "1.5ns, PT0.000000001S",
        "-2m, PT-2M",
        "+45s, PT45S",
        "' 30s ', PT30S"
    })
    void parsesGoDurationStrings(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "PT30S, 30s",
        "PT2M, 2m0s",
        "PT1H30M, 1h30m0s",
        "PT1.5S, 1.5s",
        "PT0.25S, 250ms",
        "PT0S, 0s",
        "PT0.0015S, 1.5ms",
        "PT0.000002S, 2µs",
        "PT0.000000999S, 999ns",
        "PT-1M-30S, -1m30s",
        "PT26H3.25S, 26h0m3.25s"
    })
    void formatsAsGoDoes(String duration, String expected) {
        assertThat(GoDuration.format(Duration.parse(duration))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "2m", "1h30m", "1.5s", "250ms", "0", "1h0m0.000000001s", "-3h"})
    void formatThenParseGivesTheSameDuration(String text) {
        Duration duration = GoDuration.parse(text);

        assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "30", "30 s", "1h30", "1d", "s", "+", "-", "1.2.3s", "30S", "1h-30m"})
    void refusesGarbageSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '" + text
                        + "': expected a duration such as 30s, 2m or 1h30m (units ns, us, ms, s, m, h)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesAnEmptyDuration(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty duration")
                .hasMessageContaining("30s");
        assertThatThrownBy(() -> GoDuration.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesADurationTooLongForGo() {
        assertThatThrownBy(() -> GoDuration.parse("9999999h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'9999999h' is too long");
    }

    @Test
    void refusesAVeryLongTextQuicklyNamingTheLimit() {
        String digits = "9".repeat(1_000_000);

        assertTimeoutPreemptively(
                Duration.ofSeconds(1),
                () -> assertThatThrownBy(() -> GoDuration.parse(digits))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("is too long: at most 256 characters"));
        assertTimeoutPreemptively(
                Duration.ofSeconds(1),
                () -> assertThatThrownBy(() -> GoDuration.parse("9".repeat(255) + "x"))
                        .isInstanceOf(IllegalArgumentException.class));
    }

    /** The schemas' pattern for {@code timeout} accepts exactly the non-negative durations GoDuration parses. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "30s",
                "2m",
                "1h30m",
                "1.5s",
                "250ms",
                "0",
                ".5s",
                "100us",
                "100µs",
                "1h0m0.5s",
                "garbage",
                "30",
                "30 s",
                "1h30",
                "1d",
                "s",
                "1.2.3s",
                "30S",
                "-2m",
                "+45s",
                ""
            })
    void timeoutPatternAgreesWithTheParser(String text) throws IOException {
        JsonNode schema = ContractSchemaTest.schema(SchemaResources.RUN_REQUEST);
        Pattern pattern = Pattern.compile(
                schema.at("/$defs/HookInfo/properties/timeout/pattern").asText());

        boolean parses;
        try {
            parses = !GoDuration.parse(text).isNegative() && !text.startsWith("+");
        } catch (IllegalArgumentException e) {
            parses = false;
        }

        assertThat(pattern.matcher(text).find()).isEqualTo(parses);
    }
}
