package io.hookstream.kafka.signing;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.signing.internal.SignedContent;
import io.hookstream.schemas.event.SignatureHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Signs hook event records (dispatcher side): adds {@link SignatureHeaders#KEY_ID}, {@link SignatureHeaders#EXPIRES}
 * (now + TTL) and {@link SignatureHeaders#SIGNATURE} over the record's topic, key, value and CloudEvents headers.
 * Thread-safe.
 */
public final class HookEventSigner {

    private final String keyId;
    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param keys  the key ring; {@code keyId} must be in it
     * @param keyId the key to sign with
     * @param ttl   how long a signature is accepted after signing
     */
    public HookEventSigner(SigningKeys keys, String keyId, Duration ttl, Clock clock) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.secret = keys.secret(keyId);
        if (secret == null) {
            throw new IllegalArgumentException("no signing key with id " + keyId + " among " + keys.ids());
        }
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same record with the signature headers added (any earlier ones are replaced). */
    public ProducerRecord<byte[], byte[]> sign(ProducerRecord<byte[], byte[]> record) {
        record.headers().remove(SignatureHeaders.SIGNATURE);
        record.headers().remove(SignatureHeaders.KEY_ID);
        record.headers().remove(SignatureHeaders.EXPIRES);
        String expires = Long.toString(clock.millis() + ttl.toMillis());
        byte[] mac = SignedContent.mac(
                secret, record.topic(), record.key(), record.value(), record.headers(), keyId, expires);
        record.headers().add(CloudEvents.header(SignatureHeaders.KEY_ID, keyId));
        record.headers().add(CloudEvents.header(SignatureHeaders.EXPIRES, expires));
        record.headers()
                .add(CloudEvents.header(
                        SignatureHeaders.SIGNATURE,
                        SignatureHeaders.VERSION_1
                                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac)));
        return record;
    }
}
