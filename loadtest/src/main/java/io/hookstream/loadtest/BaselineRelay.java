package io.hookstream.loadtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the Kafka baseline's relays move records ({@code --baseline=bare,eos,share,share-tx}); every kind has one
 * "dispatcher" relay and one "worker" relay per worker consumer.
 */
public enum BaselineRelay {
    /** Plain consumers (manual commits, read_committed) and idempotent producers: the bare Kafka limit. */
    BARE("bare"),
    /**
     * Both hops transactional as hookstream's: outputs and consumed offsets in one transaction at most every
     * commit interval (sendOffsetsToTransaction), read_committed.
     */
    EOS("eos"),
    /**
     * The dispatcher hop as {@link #EOS}; the worker hop a share group (KIP-932) in explicit mode: acquire, produce
     * the result with an idempotent producer, ACCEPT, commit the acknowledgements.
     */
    SHARE("share"),
    /** As {@link #SHARE}, but each poll's results are written in one transaction (no offsets) before the ACCEPTs. */
    SHARE_TX("share-tx");

    private final String wireName;

    BaselineRelay(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the worker hop is a share group. */
    public boolean shareWorkers() {
        return this == SHARE || this == SHARE_TX;
    }

    public static BaselineRelay parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(r -> r.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown baseline relay '" + text + "': expected "
                        + Arrays.stream(values()).map(BaselineRelay::wireName).collect(Collectors.joining(", "))
                        + " or both (bare,eos)"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
