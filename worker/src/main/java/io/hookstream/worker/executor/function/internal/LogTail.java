package io.hookstream.worker.executor.function.internal;

import java.nio.charset.StandardCharsets;

/** The end of a pod log, cut to a byte budget on a character boundary. */
public final class LogTail {

    /** Leads a tail that lost its beginning. */
    public static final String TRUNCATION_MARK = "…";

    private LogTail() {}

    /** {@code log} if it encodes to at most {@code maxBytes}, else the mark and as many trailing characters fit. */
    public static String of(String log, int maxBytes) {
        if (log == null) {
            return null;
        }
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return log;
        }
        int budget = maxBytes - TRUNCATION_MARK.getBytes(StandardCharsets.UTF_8).length;
        int start = bytes.length - Math.max(0, budget);
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return TRUNCATION_MARK + new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }
}
