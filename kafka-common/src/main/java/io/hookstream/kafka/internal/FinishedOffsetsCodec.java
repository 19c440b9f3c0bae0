package io.hookstream.kafka.internal;

import java.util.Base64;
import java.util.BitSet;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Encodes, in a committed offset's metadata, which records after the committed offset already finished (their
 * output is in the same transaction), so that after a restart or a rebalance they are skipped rather than run
 * again. Format: {@code hs1:} + base64 of a bit set whose bit {@code i} stands for offset
 * {@code committed + 1 + i} (the committed offset itself is by definition unfinished).
 */
public final class FinishedOffsetsCodec {

    static final String PREFIX = "hs1:";
    /** Offsets beyond the committed one that the metadata can describe; Kafka allows 4 KiB of metadata. */
    public static final int MAX_SPAN = 20_000;

    private FinishedOffsetsCodec() {}

    public static String encode(long committed, NavigableSet<Long> finishedAbove) {
        if (finishedAbove.isEmpty()) {
            return "";
        }
        BitSet bits = new BitSet();
        for (long offset : finishedAbove) {
            long index = offset - committed - 1;
            if (index < 0 || index >= MAX_SPAN) {
                throw new IllegalArgumentException(
                        "offset " + offset + " is outside the span of committed offset " + committed);
            }
            bits.set((int) index);
        }
        return PREFIX + Base64.getEncoder().encodeToString(bits.toByteArray());
    }

    /**
     * What a committed offset's metadata says: the finished offsets above the committed one, and, when the value
     * has this codec's prefix but cannot be what {@link #encode} wrote, why it was refused (null otherwise).
     */
    public record Decoded(NavigableSet<Long> finished, String refusal) {}

    /**
     * The finished offsets above {@code committed} that {@code metadata} lists: empty for foreign metadata (no
     * {@code hs1:} prefix), and empty with a refusal for an {@code hs1:} value that is not base64 or names an
     * offset beyond {@link #MAX_SPAN}. Never throws.
     */
    public static Decoded decode(long committed, String metadata) {
        NavigableSet<Long> finished = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return new Decoded(finished, null);
        }
        BitSet bits;
        try {
            bits = BitSet.valueOf(Base64.getDecoder().decode(metadata.substring(PREFIX.length())));
        } catch (IllegalArgumentException notBase64) {
            return new Decoded(finished, "not base64 (" + notBase64.getMessage() + ")");
        }
        if (bits.length() > MAX_SPAN) {
            return new Decoded(
                    finished,
                    "it names offset " + (committed + bits.length()) + ", more than " + MAX_SPAN
                            + " above the committed offset");
        }
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            finished.add(committed + 1 + i);
        }
        return new Decoded(finished, null);
    }
}
