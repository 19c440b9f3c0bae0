package io.hookstream.schemas.event;

/**
 * Headers of a signed hook event (see docs/security.md, "Signed hook events"). The signature is
 * {@code v1=} and the unpadded base64url HMAC-SHA256, under the key named by {@link #KEY_ID}, of the record's
 * topic, key, value, CloudEvents headers, key id and expiry (each length-prefixed, in a fixed order).
 */
public final class SignatureHeaders {

    /** {@code v1=<base64url HMAC-SHA256>}. */
    public static final String SIGNATURE = "hookstream.sig";
    /** The id of the key that signed, e.g. {@code 2026-11}. */
    public static final String KEY_ID = "hookstream.sig.kid";
    /** When the signature stops being accepted: epoch milliseconds, decimal. */
    public static final String EXPIRES = "hookstream.sig.exp";

    /** Prefix of {@link #SIGNATURE}'s value for the current scheme. */
    public static final String VERSION_1 = "v1=";

    private SignatureHeaders() {}
}
