package io.hookstream.kafka.signing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HMAC keys of hook event signatures, by key id, in the order they were given. Text form: one key per line
 * (or comma-separated), {@code <key-id>=<base64 secret>}, the secret at least {@value #MIN_SECRET_BYTES} bytes
 * once decoded (standard or URL base64, padding optional); blank lines and {@code #} comments are skipped.
 * Secrets never leave this class except to sign and verify: {@link #toString()} shows only the key ids.
 */
public final class SigningKeys {

    /** Shortest accepted secret: as long as the HMAC-SHA256 output. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> secrets;

    private SigningKeys(Map<String, byte[]> secrets) {
        this.secrets = Collections.unmodifiableMap(secrets);
    }

    /** No keys. */
    public static SigningKeys none() {
        return new SigningKeys(new LinkedHashMap<>());
    }

    /**
     * Parses the text form.
     *
     * @param origin where the text came from, for messages (e.g. {@code HOOKSTREAM_HOOK_SIGNING_KEYS})
     * @throws IllegalArgumentException naming the entry (by position, never its secret) and what to fix
     */
    public static SigningKeys parse(String text, String origin) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int position = 0;
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.strip().startsWith("#")) {
                entries.addAll(List.of(line.split(",")));
            }
        }
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            position++;
            int eq = entry.indexOf('=');
            String id = eq < 0 ? entry : entry.substring(0, eq).strip();
            if (eq < 0 || !KEY_ID.matcher(id).matches()) {
                problems.add("entry " + position + " of " + origin + " is not <key-id>=<base64 secret> with a key id"
                        + " of letters, digits, '.', '_' or '-' (at most 64)");
                continue;
            }
            byte[] secret;
            try {
                secret = decode(entry.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                problems.add("key " + id + " of " + origin + ": the secret is not base64");
                continue;
            }
            if (secret.length < MIN_SECRET_BYTES) {
                problems.add("key " + id + " of " + origin + ": the secret has " + secret.length + " bytes, at least "
                        + MIN_SECRET_BYTES + " are needed (generate one with `hookstream signing-key`)");
            } else if (secrets.putIfAbsent(id, secret) != null) {
                problems.add("key id " + id + " appears twice in " + origin);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new SigningKeys(secrets);
    }

    /** A fresh random key of 32 bytes with the given id. */
    public static SigningKeys generate(String keyId) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put(keyId, secret);
        return new SigningKeys(secrets);
    }

    /** These keys followed by those of {@code other} whose ids are new. */
    public SigningKeys plus(SigningKeys other) {
        Map<String, byte[]> merged = new LinkedHashMap<>(secrets);
        other.secrets.forEach(merged::putIfAbsent);
        return new SigningKeys(merged);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** Key ids in order. */
    public Set<String> ids() {
        return secrets.keySet();
    }

    /** The first key id, or null when there is none. */
    public String firstId() {
        return secrets.isEmpty() ? null : secrets.keySet().iterator().next();
    }

    /** The secret of {@code keyId}, or null. Package-private: only signer and verifier see secrets. */
    byte[] secret(String keyId) {
        return secrets.get(keyId);
    }

    /**
     * The text form, secrets included: for handing the keys to a child process through its environment (the
     * load test's worker JVMs). Never log it.
     */
    public String toText() {
        StringBuilder out = new StringBuilder();
        secrets.forEach((id, secret) -> out.append(out.isEmpty() ? "" : ",")
                .append(id)
                .append('=')
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
        return out.toString();
    }

    @Override
    public String toString() {
        return "SigningKeys" + secrets.keySet();
    }

    private static byte[] decode(String text) {
        String normal = text.replace('-', '+').replace('_', '/').replaceAll("=+$", "");
        if (!normal.matches("[A-Za-z0-9+/]*") || normal.length() % 4 == 1) {
            throw new IllegalArgumentException("not base64");
        }
        return Base64.getDecoder().decode(normal + "==".substring(0, (4 - normal.length() % 4) % 4));
    }
}
