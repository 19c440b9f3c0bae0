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

    private FinishedOffsetsCodec() {
    }

    public static String encode(long committed, NavigableSet<Long> finishedAbove) {
        if (finishedAbove.isEmpty()) {
            return "";
        }
        BitSet bits = new BitSet();
        for (long offset : finishedAbove) {
            long index = offset - committed - 1;
            if (index < 0 || index >= MAX_SPAN) {
                throw new IllegalArgumentException("offset " + offset + " is outside the span of committed offset "
                        + committed);
            }
            bits.set((int) index);
        }
        return PREFIX + Base64.getEncoder().encodeToString(bits.toByteArray());
    }

    /** The finished offsets above {@code committed} that {@code metadata} lists; empty for foreign metadata. */
    public static NavigableSet<Long> decode(long committed, String metadata) {
        NavigableSet<Long> finished = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return finished;
        }
        BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(metadata.substring(PREFIX.length())));
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            finished.add(committed + 1 + i);
        }
        return finished;
    }
}
