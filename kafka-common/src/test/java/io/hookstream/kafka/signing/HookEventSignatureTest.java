package io.hookstream.kafka.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.CloudEvents;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.SignatureHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class HookEventSignatureTest {

    private static final String TOPIC = "hookstream.hooks.pre-backup";
    private static final SigningKeys KEYS = SigningKeys.parse(
            "# two keys, as during a rotation\nold=" + "A".repeat(43) + "\nnew=" + "B".repeat(43) + "\n", "test");
    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    private final HookEventSigner signer = new HookEventSigner(KEYS, "new", Duration.ofMinutes(15), at(NOW));
    private final HookEventVerifier verifier = new HookEventVerifier(KEYS, at(NOW.plusSeconds(60)));

    @Test
    void aSignedEventVerifies() {
        assertThat(verifier.verify(consumed(signed())))
                .satisfies(v -> assertThat(v.valid()).isTrue());
    }

    @Test
    void everyKeyOfTheRingVerifiesSoKeysRotateWithoutDowntime() {
        ProducerRecord<byte[], byte[]> byOld =
                new HookEventSigner(KEYS, "old", Duration.ofMinutes(15), at(NOW)).sign(record("{\"hookId\":\"r/0\"}"));

        assertThat(verifier.verify(consumed(byOld)).valid()).isTrue();
        assertThat(CloudEvents.lastValue(byOld.headers(), SignatureHeaders.KEY_ID))
                .isEqualTo("old");
    }

    @Test
    void anEventWithoutSignatureHeadersIsUnsigned() {
        assertThat(verifier.verify(consumed(record("{}"))).reason()).isEqualTo(Reasons.UNSIGNED_EVENT);
    }

    @Test
    void aChangedValueKeyTopicOrCloudEventsHeaderBreaksTheSignature() {
        ProducerRecord<byte[], byte[]> good = signed();

        assertThat(reasonOf(good.topic(), good.key(), "{\"hookId\":\"r/0\",\"x\":1}".getBytes(), good.headers()))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(reasonOf(good.topic(), "other-run".getBytes(), good.value(), good.headers()))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(reasonOf("hookstream.hooks.post-backup", good.key(), good.value(), good.headers()))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(reasonOf(
                        good.topic(),
                        good.key(),
                        good.value(),
                        replaced(good.headers(), CloudEventHeaders.SOURCE, "/forged")))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(reasonOf(
                        good.topic(),
                        good.key(),
                        good.value(),
                        replaced(
                                good.headers(),
                                SignatureHeaders.EXPIRES,
                                Long.toString(NOW.plus(Duration.ofDays(365)).toEpochMilli()))))
                .isEqualTo(Reasons.BAD_SIGNATURE);
    }

    @Test
    void aSignatureMadeWithAnotherSecretUnderAKnownKeyIdIsBad() {
        SigningKeys forger = SigningKeys.parse("new=" + "C".repeat(43), "forger");
        ProducerRecord<byte[], byte[]> forged =
                new HookEventSigner(forger, "new", Duration.ofMinutes(15), at(NOW)).sign(record("{}"));

        assertThat(verifier.verify(consumed(forged)).reason()).isEqualTo(Reasons.BAD_SIGNATURE);
    }

    @Test
    void anUnknownKeyIdIsNamedAndRefused() {
        SigningKeys other = SigningKeys.parse("retired=" + "D".repeat(43), "other");
        ProducerRecord<byte[], byte[]> record =
                new HookEventSigner(other, "retired", Duration.ofMinutes(15), at(NOW)).sign(record("{}"));

        HookEventVerifier.Verdict verdict = verifier.verify(consumed(record));

        assertThat(verdict.reason()).isEqualTo(Reasons.UNKNOWN_SIGNING_KEY);
        assertThat(verdict.message()).contains("retired", "[old, new]");
    }

    @Test
    void anEventReadAfterItsExpiryIsRefusedAsExpired() {
        HookEventVerifier late = new HookEventVerifier(KEYS, at(NOW.plus(Duration.ofMinutes(16))));

        HookEventVerifier.Verdict verdict = late.verify(consumed(signed()));

        assertThat(verdict.reason()).isEqualTo(Reasons.SIGNATURE_EXPIRED);
        assertThat(verdict.message()).contains("2026-11-27T08:15:00Z");
    }

    @Test
    void malformedSignatureHeadersAreBadSignaturesNotCrashes() {
        ProducerRecord<byte[], byte[]> good = signed();

        assertThat(reasonOf(
                        TOPIC,
                        good.key(),
                        good.value(),
                        replaced(good.headers(), SignatureHeaders.SIGNATURE, "v2=abc")))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(reasonOf(
                        TOPIC,
                        good.key(),
                        good.value(),
                        replaced(good.headers(), SignatureHeaders.SIGNATURE, "v1=not base64 !!")))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        assertThat(reasonOf(
                        TOPIC,
                        good.key(),
                        good.value(),
                        replaced(good.headers(), SignatureHeaders.EXPIRES, "tomorrow")))
                .isEqualTo(Reasons.BAD_SIGNATURE);
        Headers partial = new RecordHeaders();
        partial.add(SignatureHeaders.SIGNATURE, "v1=AAAA".getBytes(StandardCharsets.UTF_8));
        assertThat(reasonOf(TOPIC, null, null, partial)).isEqualTo(Reasons.BAD_SIGNATURE);
    }

    @Test
    void nullKeyAndValueAreSignedAndVerifiedWithoutConfusionWithEmptyOnes() {
        ProducerRecord<byte[], byte[]> nulls = signer.sign(new ProducerRecord<byte[], byte[]>(
                TOPIC,
                null,
                (byte[]) null,
                null,
                CloudEvents.headers(CloudEventHeaders.TYPE_HOOK_DISPATCHED, "/d", "id", null)));

        assertThat(verifier.verify(consumed(nulls)).valid()).isTrue();
        assertThat(reasonOf(TOPIC, new byte[0], new byte[0], nulls.headers())).isEqualTo(Reasons.BAD_SIGNATURE);
    }

    @Test
    void resigningReplacesTheEarlierSignatureHeaders() {
        ProducerRecord<byte[], byte[]> twice = signer.sign(signed());

        assertThat(twice.headers().headers(SignatureHeaders.SIGNATURE)).hasSize(1);
        assertThat(verifier.verify(consumed(twice)).valid()).isTrue();
    }

    // --- helpers ---

    private ProducerRecord<byte[], byte[]> signed() {
        return signer.sign(record("{\"hookId\":\"r/0\"}"));
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>(
                TOPIC,
                null,
                "run-1".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                CloudEvents.headers(
                        CloudEventHeaders.TYPE_HOOK_DISPATCHED, "/hookstream/dispatcher/a", "r/0", "run-1"));
    }

    private String reasonOf(String topic, byte[] key, byte[] value, Headers headers) {
        return verifier.verify(new ConsumerRecord<>(
                        topic, 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty()))
                .reason();
    }

    private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> record) {
        return new ConsumerRecord<>(
                record.topic(),
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                record.key(),
                record.value(),
                new RecordHeaders(record.headers().toArray()),
                Optional.empty());
    }

    private static Headers replaced(Headers headers, String name, String value) {
        Headers copy = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().equals(name)) {
                copy.add(header);
            }
        }
        copy.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return copy;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
