package io.hookstream.worker.executor.pod.internal;

import io.hookstream.worker.executor.internal.OutputTail;
import java.io.OutputStream;

/**
 * Keeps the last {@code maxBytes} bytes written to it (a ring buffer), so that a chatty remote command cannot
 * grow the worker's memory; {@link #tail()} gives them as {@link OutputTail} does. Thread-safe.
 */
public final class TailOutputStream extends OutputStream {

    private final int maxBytes;
    private final byte[] ring;
    private long total;

    public TailOutputStream(int maxBytes) {
        this.maxBytes = maxBytes;
        this.ring = new byte[maxBytes];
    }

    @Override
    public synchronized void write(int b) {
        ring[(int) (total % maxBytes)] = (byte) b;
        total++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int skip = Math.max(0, length - maxBytes);
        total += skip;
        for (int i = offset + skip; i < offset + length; i++) {
            ring[(int) (total % maxBytes)] = bytes[i];
            total++;
        }
    }

    /** The output so far, cut to its last bytes with a leading truncation mark when it was longer. */
    public synchronized String tail() {
        int kept = (int) Math.min(total, maxBytes);
        byte[] last = new byte[kept];
        int start = (int) ((total - kept) % maxBytes);
        for (int i = 0; i < kept; i++) {
            last[i] = ring[(start + i) % maxBytes];
        }
        return OutputTail.of(last, total, maxBytes);
    }
}
