package io.hookstream.kafka.signing;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.signing.internal.SignedContent;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SignatureHeaders;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Verifies hook event records (worker side) before anything about them is trusted: the signature headers must be
 * present, name a known key, match the record (compared in constant time) and not have expired. Thread-safe.
 */
public final class HookEventVerifier {

    /** The answer for one record: {@code reason} null when the record may run. */
    public record Verdict(String reason, String message) {

        static final Verdict VALID = new Verdict(null, null);

        public boolean valid() {
            return reason == null;
        }
    }

    private final SigningKeys keys;
    private final Clock clock;

    public HookEventVerifier(SigningKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Verdict verify(ConsumerRecord<byte[], byte[]> record) {
        String signature = CloudEvents.lastValue(record.headers(), SignatureHeaders.SIGNATURE);
        String keyId = CloudEvents.lastValue(record.headers(), SignatureHeaders.KEY_ID);
        String expires = CloudEvents.lastValue(record.headers(), SignatureHeaders.EXPIRES);
        if (signature == null && keyId == null && expires == null) {
            return new Verdict(
                    Reasons.UNSIGNED_EVENT,
                    "the record has no " + SignatureHeaders.SIGNATURE
                            + " header: only the dispatcher may write hook events, and it signs them; this worker requires"
                            + " signed hook events (--hook-signing required)");
        }
        if (signature == null || keyId == null || expires == null) {
            return new Verdict(
                    Reasons.BAD_SIGNATURE,
                    "the record lacks one of the headers " + SignatureHeaders.SIGNATURE + ", " + SignatureHeaders.KEY_ID
                            + ", " + SignatureHeaders.EXPIRES);
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return new Verdict(Reasons.BAD_SIGNATURE, SignatureHeaders.EXPIRES + " is not epoch milliseconds");
        }
        byte[] secret = keys.secret(keyId);
        if (secret == null) {
            return new Verdict(
                    Reasons.UNKNOWN_SIGNING_KEY,
                    "signed with key id '" + shorten(keyId) + "', which this"
                            + " worker does not have (it knows " + keys.ids()
                            + "): give the worker the dispatcher's keys"
                            + " (--hook-signing-keys-file / HOOKSTREAM_HOOK_SIGNING_KEYS)");
        }
        byte[] given;
        try {
            if (!signature.startsWith(SignatureHeaders.VERSION_1)) {
                throw new IllegalArgumentException("unknown scheme");
            }
            given = Base64.getUrlDecoder().decode(signature.substring(SignatureHeaders.VERSION_1.length()));
        } catch (IllegalArgumentException e) {
            return new Verdict(Reasons.BAD_SIGNATURE, SignatureHeaders.SIGNATURE + " is not v1=<base64url>");
        }
        byte[] expected = SignedContent.mac(
                secret, record.topic(), record.key(), record.value(), record.headers(), keyId, expires);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Verdict(
                    Reasons.BAD_SIGNATURE,
                    "the signature (key " + keyId + ") does not match the record:"
                            + " its key, value, CloudEvents headers or expiry were changed after signing, or it was forged");
        }
        if (clock.millis() > expiresAt) {
            return new Verdict(
                    Reasons.SIGNATURE_EXPIRED,
                    "the signature expired at " + Instant.ofEpochMilli(expiresAt)
                            + " (--hook-signature-ttl of the dispatcher): a late replay, or the event waited in the topic"
                            + " longer than the TTL; submit the run again");
        }
        return Verdict.VALID;
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
