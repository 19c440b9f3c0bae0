package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretParamsTest {

    private final SecretParams defaults = SecretParams.defaults();

    @Test
    void namesContainingADefaultPatternAreSecretWhateverTheirCase() {
        assertThat(defaults.isSecret("DB_PASSWORD")).isTrue();
        assertThat(defaults.isSecret("apiToken")).isTrue();
        assertThat(defaults.isSecret("client_secret")).isTrue();
        assertThat(defaults.isSecret("SSH_KEY")).isTrue();
        assertThat(defaults.isSecret("awsCredentials")).isTrue();
        assertThat(defaults.isSecret("DB_HOST")).isFalse();
        assertThat(defaults.isSecret(null)).isFalse();
    }

    @Test
    void configuredPatternsReplaceTheDefaults() {
        SecretParams custom = SecretParams.parse(" pin , ,Passphrase");
        assertThat(custom.patterns()).containsExactly("PIN", "PASSPHRASE");
        assertThat(custom.isSecret("card_pin")).isTrue();
        assertThat(custom.isSecret("DB_PASSWORD")).isFalse();
    }

    @Test
    void everyOccurrenceOfASecretValueIsMaskedAndOtherParamsAreLeft() {
        var scrubber = defaults.scrubberFor(Map.of("DB_PASSWORD", "s3cr3t", "DB_HOST", "db.example"));
        assertThat(scrubber.scrub("connect db.example with s3cr3t, again s3cr3ts3cr3t"))
                .isEqualTo("connect db.example with ***, again ******");
    }

    @Test
    void overlappingValuesAreMaskedWhole() {
        var scrubber = defaults.scrubberFor(Map.of("A_TOKEN", "abcd", "B_TOKEN", "abcdefgh", "C_TOKEN", "cdefxy"));
        assertThat(scrubber.scrub("x abcdefgh y")).isEqualTo("x *** y");
        assertThat(scrubber.scrub("abcdefxy")).doesNotContain("abcd").doesNotContain("cdefxy");
        assertThat(scrubber.scrub("ab cdefxy")).isEqualTo("ab ***");
    }

    @Test
    void valuesShorterThanFourCharactersAreNotScrubbed() {
        var scrubber = defaults.scrubberFor(Map.of("PIN_KEY", "abc", "API_TOKEN", "abcd"));
        assertThat(scrubber.scrub("abc abcd")).isEqualTo("abc ***");
    }

    @Test
    void theEndOfAValueCutOffAtTheTailBoundaryIsMasked() {
        var scrubber = defaults.scrubberFor(Map.of("DB_PASSWORD", "s3cr3t-value"));
        assertThat(scrubber.scrubTail("…3t-value\ndone")).isEqualTo("…***\ndone");
        assertThat(scrubber.scrubTail("…e\ndone")).isEqualTo("…***\ndone");
        assertThat(scrubber.scrubTail("…s3cr3t-value\ndone")).isEqualTo("…***\ndone");
        assertThat(scrubber.scrubTail("3t-value is not cut")).isEqualTo("3t-value is not cut");
    }

    @Test
    void urlEncodedValuesAreMaskedToo() {
        var scrubber = defaults.scrubberFor(Map.of("API_TOKEN", "a b&c=d"));
        assertThat(scrubber.scrub("GET /x?t=a+b%26c%3Dd failed")).isEqualTo("GET /x?t=*** failed");
    }

    @Test
    void nothingToScrubLeavesTextAlone() {
        var scrubber = defaults.scrubberFor(Map.of("DB_HOST", "db.example"));
        assertThat(scrubber.isEmpty()).isTrue();
        assertThat(scrubber.scrub("db.example")).isEqualTo("db.example");
        assertThat(scrubber.scrub(null)).isNull();
        assertThat(new SecretParams(List.of()).scrubberFor(null).scrubTail("…x"))
                .isEqualTo("…x");
    }
}
