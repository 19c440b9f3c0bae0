package io.hookstream.testing;

import java.util.Map;

/**
 * The hook signing key of the tests: dispatchers and workers started by a test share it through the setting
 * {@code hook-signing-keys} (or {@code HOOKSTREAM_HOOK_SIGNING_KEYS} for a child JVM). Not a secret.
 */
public final class TestSigning {

    /** The setting's name. */
    public static final String SETTING = "hook-signing-keys";
    /** Key id {@code test}, 32 bytes (0..31), unpadded base64url. */
    public static final String KEYS = "test=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    /** An environment with only {@code HOOKSTREAM_HOOK_SIGNING_KEYS} = {@link #KEYS}. */
    public static final Map<String, String> ENV = Map.of("HOOKSTREAM_HOOK_SIGNING_KEYS", KEYS);

    private TestSigning() {}
}
