package io.hookstream.worker.executor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the last bytes of a captured output file as UTF-8, cut on a character boundary. Blocking. */
public final class OutputTail {

    /** Leads a tail that lost its beginning. */
    public static final String TRUNCATION_MARK = "…";

    private static final int MARK_BYTES = TRUNCATION_MARK.getBytes(StandardCharsets.UTF_8).length;

    private OutputTail() {}

    /**
     * The whole file if it has at most {@code maxBytes} bytes, else {@link #TRUNCATION_MARK} followed by its
     * last bytes, so that the result never encodes to more than {@code maxBytes} bytes of valid UTF-8 input.
     */
    public static String read(Path file, int maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= maxBytes) {
                return decode(readFrom(channel, 0, (int) size), 0);
            }
            int budget = maxBytes - MARK_BYTES;
            byte[] bytes = readFrom(channel, size - budget, budget);
            int start = 0;
            while (start < bytes.length && start < 3 && (bytes[start] & 0xC0) == 0x80) {
                start++;
            }
            return TRUNCATION_MARK + decode(bytes, start);
        }
    }

    /**
     * The same tail as {@link #read} for output already held in memory: {@code lastBytes} are the final bytes
     * of an output of {@code totalBytes} bytes (all of it when they are equal).
     */
    public static String of(byte[] lastBytes, long totalBytes, int maxBytes) {
        if (totalBytes <= maxBytes && lastBytes.length == totalBytes) {
            return decode(lastBytes, 0);
        }
        int budget = maxBytes - MARK_BYTES;
        int from = Math.max(0, lastBytes.length - budget);
        int start = from;
        while (start < lastBytes.length && start - from < 3 && (lastBytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return TRUNCATION_MARK + decode(lastBytes, start);
    }

    private static byte[] readFrom(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static String decode(byte[] bytes, int start) {
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }
}
