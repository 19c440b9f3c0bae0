package io.hookstream.kafka.signing.internal;

import io.hookstream.schemas.event.CloudEventHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The bytes a hook event signature covers, and their HMAC-SHA256. Each part is a 4-byte big-endian length
 * ({@code -1} for absent) followed by its bytes, so no two different records give the same content: a domain
 * tag, the topic, the key, the value, every CloudEvents header of {@link #SIGNED_HEADERS} (last value, or
 * absent), the key id and the expiry.
 */
public final class SignedContent {

    /** The CloudEvents headers the signature covers, in this order. */
    public static final List<String> SIGNED_HEADERS = List.of(
            CloudEventHeaders.SPEC_VERSION,
            CloudEventHeaders.ID,
            CloudEventHeaders.TYPE,
            CloudEventHeaders.SOURCE,
            CloudEventHeaders.TIME,
            CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CONTENT_TYPE);

    private static final byte[] DOMAIN = "hookstream-hook-event-v1".getBytes(StandardCharsets.US_ASCII);
    /**
     * Each thread's HMAC, keyed by the secret it was last initialised with: {@code Mac.getInstance} (a provider
     * lookup) and {@code init} per record were measurable per-hook work. {@code doFinal} resets the Mac for the
     * next record under the same key.
     */
    private static final ThreadLocal<KeyedMac> MACS = new ThreadLocal<>();

    private SignedContent() {}

    /** HMAC-SHA256 under {@code secret} of the record's signed content. */
    public static byte[] mac(
            byte[] secret, String topic, byte[] key, byte[] value, Headers headers, String keyId, String expires) {
        Mac mac = macFor(secret);
        part(mac, DOMAIN);
        part(mac, topic.getBytes(StandardCharsets.UTF_8));
        part(mac, key);
        part(mac, value);
        for (String name : SIGNED_HEADERS) {
            Header header = headers == null ? null : headers.lastHeader(name);
            part(mac, header == null ? null : header.value());
        }
        part(mac, keyId.getBytes(StandardCharsets.UTF_8));
        part(mac, expires.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    private static Mac macFor(byte[] secret) {
        KeyedMac cached = MACS.get();
        if (cached != null && Arrays.equals(cached.secret(), secret)) {
            cached.mac().reset(); // in case a previous call threw half-way
            return cached.mac();
        }
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
        MACS.set(new KeyedMac(secret.clone(), mac));
        return mac;
    }

    private record KeyedMac(byte[] secret, Mac mac) {}

    private static void part(Mac mac, byte[] bytes) {
        mac.update(
                ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            mac.update(bytes);
        }
    }
}
