package io.hookstream.dispatcher.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the next page of {@code GET /v1/dead-letters} starts: per partition of the dead-letter topic, the offset below
 * which the older dead letters lie (exclusive). Opaque to clients: {@code v1:} and {@code partition=offset} pairs,
 * base64url. A partition it does not name is read from its end.
 */
record DeadLetterCursor(Map<Integer, Long> bounds) {

    private static final String VERSION = "v1:";

    DeadLetterCursor {
        bounds = java.util.Collections.unmodifiableMap(new TreeMap<>(bounds));
    }

    /** The exclusive upper offset of {@code partition}, or {@code end} when the cursor does not name it. */
    long bound(int partition, long end) {
        Long bound = bounds.get(partition);
        return bound == null ? end : Math.min(bound, end);
    }

    String encode() {
        StringBuilder text = new StringBuilder(VERSION);
        bounds.forEach((partition, offset) -> {
            if (text.length() > VERSION.length()) {
                text.append(',');
            }
            text.append(partition).append('=').append(offset);
        });
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor given as {@code before}; anything else is an {@link IllegalArgumentException} naming it. */
    static DeadLetterCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(VERSION)) {
                throw new IllegalArgumentException("no version");
            }
            Map<Integer, Long> bounds = new TreeMap<>();
            String pairs = text.substring(VERSION.length());
            for (String pair : pairs.isEmpty() ? new String[0] : pairs.split(",")) {
                int eq = pair.indexOf('=');
                int partition = Integer.parseInt(pair.substring(0, eq));
                long offset = Long.parseLong(pair.substring(eq + 1));
                if (partition < 0 || offset < 0) {
                    throw new IllegalArgumentException("negative");
                }
                bounds.put(partition, offset);
            }
            return new DeadLetterCursor(bounds);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "before: '" + (cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor)
                            + "' is not a cursor; pass the next of a previous answer unchanged");
        }
    }
}
