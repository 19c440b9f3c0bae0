package io.hookstream.loadtest.internal;

import java.nio.charset.StandardCharsets;

/**
 * Run and hook ids of one pass: run ids are {@code <prefix><seq, 7 digits>} (unique per pass through a random
 * prefix), hook ids {@code <runId>/<index>} as the dispatcher makes them. Ids of other passes or other clients
 * map to -1.
 */
public final class RunIds {

    private static final int WIDTH = 7;

    private final String prefix;
    private final byte[] prefixBytes;
    private final int runs;
    private final int hooksPerRun;

    public RunIds(String prefix, int runs, int hooksPerRun) {
        this.prefix = prefix;
        this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        this.runs = runs;
        this.hooksPerRun = hooksPerRun;
    }

    public String prefix() {
        return prefix;
    }

    public int runs() {
        return runs;
    }

    public int hooksPerRun() {
        return hooksPerRun;
    }

    public int hooks() {
        return runs * hooksPerRun;
    }

    public String runId(int seq) {
        String digits = Integer.toString(seq);
        return prefix + "0".repeat(Math.max(0, WIDTH - digits.length())) + digits;
    }

    /** Whether a record key (a run id in UTF-8) belongs to this pass, without decoding it. */
    public boolean ours(byte[] key) {
        if (key == null || key.length < prefixBytes.length) {
            return false;
        }
        for (int i = 0; i < prefixBytes.length; i++) {
            if (key[i] != prefixBytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** The sequence number of a run id of this pass, or -1. */
    public int runSeq(String runId) {
        if (runId == null || !runId.startsWith(prefix)) {
            return -1;
        }
        return parse(runId, prefix.length(), runId.length(), runs);
    }

    /** The index (run seq × hooks per run + hook index) of a hook id of this pass, or -1. */
    public int hookIndex(String hookId) {
        if (hookId == null || !hookId.startsWith(prefix)) {
            return -1;
        }
        int slash = hookId.indexOf('/', prefix.length());
        if (slash < 0) {
            return -1;
        }
        int seq = parse(hookId, prefix.length(), slash, runs);
        int index = parse(hookId, slash + 1, hookId.length(), hooksPerRun);
        return seq < 0 || index < 0 ? -1 : seq * hooksPerRun + index;
    }

    private static int parse(String text, int from, int to, int bound) {
        if (from >= to || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < bound ? value : -1;
    }
}
