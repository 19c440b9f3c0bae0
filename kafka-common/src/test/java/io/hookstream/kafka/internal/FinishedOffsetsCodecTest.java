package io.hookstream.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FinishedOffsetsCodecTest {

    @Test
    void nothingFinishedAboveIsAnEmptyValue() {
        assertThat(FinishedOffsetsCodec.encode(100, new TreeSet<>())).isEmpty();
        assertThat(FinishedOffsetsCodec.decode(100, "")).isEqualTo(decoded());
    }

    @Test
    void aDenseRunRoundTrips() {
        NavigableSet<Long> finished = offsets(101, 102, 103, 104, 105, 106, 107, 108, 109);

        String metadata = FinishedOffsetsCodec.encode(100, finished);

        assertThat(metadata).startsWith("hs1:");
        assertThat(FinishedOffsetsCodec.decode(100, metadata)).isEqualTo(decoded(finished));
    }

    @Test
    void aSparseSetRoundTrips() {
        NavigableSet<Long> finished = offsets(5_000_001, 5_000_007, 5_000_064, 5_000_065, 5_001_000);

        assertThat(FinishedOffsetsCodec.decode(5_000_000, FinishedOffsetsCodec.encode(5_000_000, finished)))
                .isEqualTo(decoded(finished));
    }

    @Test
    void theWidestSpanRoundTripsWithinKafkasMetadataLimit() {
        long committed = 42;
        NavigableSet<Long> finished = offsets(committed + 1, committed + FinishedOffsetsCodec.MAX_SPAN);

        String metadata = FinishedOffsetsCodec.encode(committed, finished);

        assertThat(metadata.length())
                .as("Kafka's offset.metadata.max.bytes default")
                .isLessThanOrEqualTo(4096);
        assertThat(FinishedOffsetsCodec.decode(committed, metadata)).isEqualTo(decoded(finished));
    }

    @Test
    void anOffsetOutsideTheSpanCannotBeEncoded() {
        assertThatThrownBy(() -> FinishedOffsetsCodec.encode(10, offsets(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 10");
        assertThatThrownBy(() -> FinishedOffsetsCodec.encode(10, offsets(11 + FinishedOffsetsCodec.MAX_SPAN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void foreignMetadataListsNothingAndIsNotRefused() {
        for (String foreign : new String[] {null, "", "written by kafka-consumer-groups", "hs2:AQ==", "HS1:AQ=="}) {
            assertThat(FinishedOffsetsCodec.decode(7, foreign))
                    .as("%s", foreign)
                    .isEqualTo(decoded());
        }
    }

    @Test
    void aCorruptValueIsRefusedWithItsReasonAndListsNothing() {
        FinishedOffsetsCodec.Decoded decoded = FinishedOffsetsCodec.decode(7, "hs1:@@not base64@@");

        assertThat(decoded.finished()).isEmpty();
        assertThat(decoded.refusal()).startsWith("not base64");
    }

    @Test
    void aValueNamingAnOffsetBeyondTheSpanIsRefused() {
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(FinishedOffsetsCodec.MAX_SPAN + 7);
        String tooWide = "hs1:" + Base64.getEncoder().encodeToString(bits.toByteArray());

        FinishedOffsetsCodec.Decoded decoded = FinishedOffsetsCodec.decode(100, tooWide);

        assertThat(decoded.finished()).isEmpty();
        assertThat(decoded.refusal())
                .contains("offset " + (100 + FinishedOffsetsCodec.MAX_SPAN + 8), "more than 20000");
    }

    private static NavigableSet<Long> offsets(long... values) {
        NavigableSet<Long> set = new TreeSet<>();
        for (long v : values) {
            set.add(v);
        }
        return set;
    }

    private static FinishedOffsetsCodec.Decoded decoded(NavigableSet<Long> finished) {
        return new FinishedOffsetsCodec.Decoded(finished, null);
    }

    private static FinishedOffsetsCodec.Decoded decoded() {
        return decoded(new TreeSet<>(List.of()));
    }
}
