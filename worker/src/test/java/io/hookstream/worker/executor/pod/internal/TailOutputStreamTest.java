package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.worker.executor.internal.OutputTail;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailOutputStreamTest {

    @Test
    void shortOutputIsKeptWhole() {
        TailOutputStream stream = new TailOutputStream(32);
        write(stream, "héllo\n");

        assertThat(stream.tail()).isEqualTo("héllo\n");
    }

    @Test
    void outputOfExactlyTheLimitIsNotMarkedTruncated() {
        TailOutputStream stream = new TailOutputStream(16);
        write(stream, "0123456789abcdef");

        assertThat(stream.tail()).isEqualTo("0123456789abcdef");
    }

    @Test
    void longOutputWrittenInPiecesKeepsItsEndOnACharacterBoundary() {
        for (int extra = 0; extra < 6; extra++) {
            String text = "x".repeat(extra) + "é€".repeat(40) + "END";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            TailOutputStream stream = new TailOutputStream(32);
            for (int at = 0; at < bytes.length; at += 7) {
                stream.write(bytes, at, Math.min(7, bytes.length - at));
            }
            stream.write('!');

            String tail = stream.tail();

            assertThat(tail)
                    .startsWith(OutputTail.TRUNCATION_MARK)
                    .endsWith("€END!")
                    .doesNotContain("\uFFFD");
            assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32);
            assertThat(text + "!").endsWith(tail.substring(OutputTail.TRUNCATION_MARK.length()));
        }
    }

    @Test
    void oneWriteLargerThanTheBufferKeepsItsEnd() {
        TailOutputStream stream = new TailOutputStream(16);
        write(stream, "a".repeat(100) + "0123456789");

        assertThat(stream.tail()).isEqualTo(OutputTail.TRUNCATION_MARK + "aaa0123456789");
    }

    private static void write(TailOutputStream stream, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
    }
}
