package io.hookstream.kafka.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.ConfigException;
import io.hookstream.kafka.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookSigningConfigTest {

    private static final String SECRET_A = "A".repeat(43);
    private static final String SECRET_B = "B".repeat(43);

    @TempDir
    Path dir;

    @Test
    void withoutAnyKeyStartUpFailsSayingHowToMakeOneOrDisableSigning() {
        ConfigReader reader = new ConfigReader(Map.of(), Map.of());
        HookSigning.from(reader);

        assertThatThrownBy(reader::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HOOKSTREAM_HOOK_SIGNING_KEYS")
                .hasMessageContaining("hookstream signing-key")
                .hasMessageContaining("--hook-signing disabled");
    }

    @Test
    void keysFromEnvironmentAndFileAreMergedAndTheFirstSignsByDefault() throws Exception {
        Path file =
                Files.writeString(dir.resolve("keys"), "# rotation: the new key first\nfile-key=" + SECRET_B + "\n");
        ConfigReader reader = new ConfigReader(
                Map.of("HOOKSTREAM_HOOK_SIGNING_KEYS", "env-key=" + SECRET_A),
                Map.of("hook-signing-keys-file", file.toString(), "hook-signature-ttl", "10m"));

        HookSigning signing = HookSigning.from(reader);
        reader.validate();

        assertThat(signing.required()).isTrue();
        assertThat(signing.keys().ids()).containsExactly("env-key", "file-key");
        assertThat(signing.keyId()).isEqualTo("env-key");
        assertThat(signing.ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(signing.describe().toString())
                .contains("env-key,file-key", "10m")
                .doesNotContain(SECRET_A)
                .doesNotContain(SECRET_B);
    }

    @Test
    void theSigningKeyIdMustBeAmongTheKeys() {
        ConfigReader reader =
                new ConfigReader(Map.of(), Map.of("hook-signing-keys", "a=" + SECRET_A, "hook-signing-key-id", "b"));
        HookSigning.from(reader);

        assertThatThrownBy(reader::validate)
                .hasMessageContaining("--hook-signing-key-id")
                .hasMessageContaining("'b' is not among the configured keys [a]");
    }

    @Test
    void shortMalformedOrDuplicatedKeysAreRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> SigningKeys.parse("short=c2hvcnQ", "X"))
                .hasMessageContaining("key short of X")
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> SigningKeys.parse("no-equals-sign", "X")).hasMessageContaining("entry 1 of X");
        assertThatThrownBy(() -> SigningKeys.parse("bad id=" + SECRET_A, "X")).hasMessageContaining("entry 1 of X");
        assertThatThrownBy(() -> SigningKeys.parse("a=" + SECRET_A + ",a=" + SECRET_B, "X"))
                .hasMessageContaining("key id a appears twice");
        assertThatThrownBy(() -> SigningKeys.parse("a=%%%" + SECRET_A, "X"))
                .hasMessageContaining("not base64")
                .hasMessageNotContaining(SECRET_A);
        assertThat(SigningKeys.parse("a=" + SECRET_A, "X").toString()).isEqualTo("SigningKeys[a]");
    }

    @Test
    void anUnreadableKeysFileIsNamed() {
        ConfigReader reader = new ConfigReader(
                Map.of(), Map.of("hook-signing-keys-file", dir.resolve("nope").toString()));
        HookSigning.from(reader);

        assertThatThrownBy(reader::validate)
                .hasMessageContaining("--hook-signing-keys-file")
                .hasMessageContaining("cannot read");
    }

    @Test
    void disabledSigningNeedsNoKeyAndGivesNeitherSignerNorVerifier() {
        ConfigReader reader = new ConfigReader(Map.of("HOOKSTREAM_HOOK_SIGNING", "disabled"), Map.of());
        HookSigning signing = HookSigning.from(reader);
        reader.validate();

        assertThat(signing.required()).isFalse();
        assertThat(signing.signer(Clock.systemUTC())).isNull();
        assertThat(signing.verifier(Clock.systemUTC())).isNull();
        assertThat(HookSigning.generatedKeysIfNoneConfigured(reader)).isNull();
    }

    @Test
    void aGeneratedKeyIsUsableAndDifferentEachTime() {
        ConfigReader none = new ConfigReader(Map.of(), Map.of());
        String first = HookSigning.generatedKeysIfNoneConfigured(none);
        String second = HookSigning.generatedKeysIfNoneConfigured(none);

        assertThat(first).startsWith("generated=").isNotEqualTo(second);
        assertThat(SigningKeys.parse(first, "generated").ids()).containsExactly("generated");
        assertThat(HookSigning.generatedKeysIfNoneConfigured(
                        new ConfigReader(Map.of(), Map.of("hook-signing-keys", "a=" + SECRET_A))))
                .isNull();
    }
}
