package io.hookstream.kafka.signing;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.Setting;
import io.hookstream.kafka.SettingsTable;
import io.hookstream.schemas.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How hook events are signed (dispatcher) and verified (worker); one setting group shared by both.
 *
 * <ul>
 *   <li>{@code hook-signing}: {@code required} (default) or {@code disabled} (no signatures written or checked —
 *       then anyone who can write a hook topic can run hooks; for trials only).</li>
 *   <li>{@code hook-signing-keys} ({@code HOOKSTREAM_HOOK_SIGNING_KEYS}) and/or {@code hook-signing-keys-file}:
 *       {@code <key-id>=<base64 secret>} entries (see {@link SigningKeys}). Workers accept every key given; list the
 *       new key everywhere before signing with it, remove the old one once its events are consumed.</li>
 *   <li>{@code hook-signing-key-id}: the key the dispatcher signs with (default: the first key).</li>
 *   <li>{@code hook-signature-ttl}: how long a signed event is accepted (default 15m, the workers' default
 *       {@code dedup-window}: a replay within the TTL is recognised by its hook id).</li>
 * </ul>
 *
 * @param required whether events are signed and verified
 * @param keys     the key ring (empty when not required)
 * @param keyId    the dispatcher's signing key id (null when not required)
 * @param ttl      the signature lifetime
 * @param origin   where the keys came from, for the start-up log (never the secrets)
 */
public record HookSigning(boolean required, SigningKeys keys, String keyId, Duration ttl, String origin) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final String KEYS = "hook-signing-keys";
    public static final String KEYS_FILE = "hook-signing-keys-file";

    public static final Setting<String> MODE_SETTING = Setting.text(
            "hook-signing",
            "required",
            "required: hook"
                    + " events are signed (dispatcher) and verified (worker); unsigned, tampered or expired ones are"
                    + " dead-lettered. disabled: for trials only (anyone who can write a hook topic can then run hooks).");
    public static final Setting<String> KEYS_SETTING = Setting.text(
                    KEYS,
                    null,
                    "KEY_ID=BASE64_SECRET entries,"
                            + " comma-separated (make one with ./hookstream signing-key), the same on the dispatcher and every worker; required"
                            + " unless signing is disabled (standalone: generated once and kept in DATA_DIR/hook-signing-keys,"
                            + " 0600; it refuses a key file others can read).")
            .asSecret();
    public static final Setting<String> KEYS_FILE_SETTING = Setting.text(
            KEYS_FILE,
            null,
            "A file of"
                    + " KEY_ID=BASE64_SECRET entries, e.g. mounted from a Kubernetes Secret; its keys add to"
                    + " hook-signing-keys.");
    public static final Setting<String> KEY_ID_SETTING = Setting.text(
                    "hook-signing-key-id",
                    null,
                    "The key the" + " dispatcher signs with; workers accept every key given.")
            .defaultShownAs("the first key");
    public static final Setting<Duration> TTL_SETTING = Setting.duration(
            "hook-signature-ttl",
            DEFAULT_TTL,
            "How"
                    + " long a signed hook event is accepted (a replay within it is recognised by the workers' dedup-window).");

    /** The signing rows of a service's settings table: the mode row shows the summary ({@link #describe()}). */
    public static final SettingsTable<HookSigning> TABLE = SettingsTable.<HookSigning>builder()
            .add(MODE_SETTING, HookSigning::describe)
            .add(KEYS_SETTING, s -> s.keys().ids())
            .documented(KEYS_FILE_SETTING)
            .documented(KEY_ID_SETTING)
            .documented(TTL_SETTING)
            .build();

    public HookSigning {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(ttl, "ttl");
        if (required && (keyId == null || keys.secret(keyId) == null)) {
            throw new IllegalArgumentException("signing requires a key id among " + keys.ids());
        }
    }

    /** No signing: events neither signed nor checked. */
    public static HookSigning disabled() {
        return new HookSigning(false, SigningKeys.none(), null, DEFAULT_TTL, "disabled");
    }

    /** Reads the settings; problems (no key while required, unreadable file, short secret) go to the reader. */
    public static HookSigning from(ConfigReader reader) {
        String mode = MODE_SETTING.read(reader).trim();
        Duration ttl = TTL_SETTING.read(reader);
        if (mode.equals("disabled")) {
            return new HookSigning(false, SigningKeys.none(), null, ttl, "disabled");
        }
        if (!mode.equals("required")) {
            reader.problem(MODE_SETTING.name(), "'" + mode + "' is not valid: use required (the default) or disabled");
            return disabled();
        }
        SigningKeys keys = SigningKeys.none();
        StringBuilder origin = new StringBuilder();
        String text = reader.string(KEYS, "");
        if (!text.isBlank()) {
            try {
                keys = SigningKeys.parse(text, ConfigReader.envName(KEYS));
                origin.append(keys.ids().size()).append(" from --").append(KEYS);
            } catch (IllegalArgumentException e) {
                reader.problem(KEYS, e.getMessage());
            }
        }
        String file = reader.string(KEYS_FILE, "").trim();
        if (!file.isEmpty()) {
            try {
                SigningKeys fromFile = SigningKeys.parse(Files.readString(Path.of(file)), file);
                keys = keys.plus(fromFile);
                origin.append(origin.isEmpty() ? "" : ", ")
                        .append(fromFile.ids().size())
                        .append(" from ")
                        .append(file);
            } catch (IOException | RuntimeException e) {
                reader.problem(
                        KEYS_FILE,
                        e instanceof IOException
                                ? "cannot read " + file + " (" + e + "): mount the"
                                        + " keys file (e.g. from a Kubernetes Secret) or fix the path"
                                : e.getMessage());
            }
        }
        String keyId = reader.string(KEY_ID_SETTING.name(), keys.firstId());
        if (keys.isEmpty()) {
            reader.problem(
                    KEYS,
                    "no hook signing key is configured, and hook events must be signed: give keys in "
                            + ConfigReader.envName(KEYS) + " or --" + KEYS_FILE
                            + " (make one with `hookstream signing-key`),"
                            + " the same on the dispatcher and every worker; or set --hook-signing disabled to run unsigned"
                            + " (anyone who can write a hook topic can then run hooks)");
            return disabled();
        }
        if (keys.secret(keyId) == null) {
            reader.problem(KEY_ID_SETTING.name(), "'" + keyId + "' is not among the configured keys " + keys.ids());
            return disabled();
        }
        return new HookSigning(true, keys, keyId, ttl, origin.toString());
    }

    /**
     * The text form of a freshly generated key when signing is required and no key is configured, else null.
     * The load test puts it into the settings of its dispatcher and workers, which then share one in-memory key.
     */
    public static String generatedKeysIfNoneConfigured(ConfigReader reader) {
        return needsGeneratedKey(reader) ? SigningKeys.generate("generated").toText() : null;
    }

    /** Whether signing is required and no key is configured (the standalone then keeps a key of its own). */
    public static boolean needsGeneratedKey(ConfigReader reader) {
        boolean none = reader.string(KEYS, "").isBlank()
                && reader.string(KEYS_FILE, "").isBlank();
        boolean disabled = reader.string("hook-signing", "required").trim().equals("disabled");
        return none && !disabled;
    }

    /** The dispatcher's signer, or null when signing is disabled. */
    public HookEventSigner signer(Clock clock) {
        return required ? new HookEventSigner(keys, keyId, ttl, clock) : null;
    }

    /** The worker's verifier, or null when signing is disabled. */
    public HookEventVerifier verifier(Clock clock) {
        return required ? new HookEventVerifier(keys, clock) : null;
    }

    /** For the start-up log: mode, key ids, active key, TTL, where the keys came from; never a secret. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", required ? "required" : "disabled");
        if (required) {
            out.put("keyIds", String.join(",", keys.ids()));
            out.put("signingKeyId", keyId);
            out.put("ttl", GoDuration.format(ttl));
            out.put("keysFrom", origin);
        }
        return out;
    }

    @Override
    public String toString() {
        return "HookSigning" + describe();
    }
}
