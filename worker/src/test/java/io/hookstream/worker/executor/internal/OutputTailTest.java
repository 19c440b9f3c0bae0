package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTailTest {

    @TempDir
    Path temp;

    @Test
    void shortOutputIsReturnedWhole() throws IOException {
        Path file = Files.writeString(temp.resolve("out"), "héllo\n");

        assertThat(OutputTail.read(file, 64)).isEqualTo("héllo\n");
    }

    @Test
    void emptyOutputIsEmpty() throws IOException {
        assertThat(OutputTail.read(Files.createFile(temp.resolve("out")), 64)).isEmpty();
    }

    @Test
    void longOutputKeepsItsEndCutOnACharacterBoundary() throws IOException {
        // "é" is two bytes, "€" three: whatever the cut, no broken character may remain
        for (int extra = 0; extra < 6; extra++) {
            String text = "x".repeat(extra) + "é€".repeat(40) + "END";
            Path file = Files.writeString(temp.resolve("out" + extra), text);

            String tail = OutputTail.read(file, 32);

            assertThat(tail)
                    .startsWith(OutputTail.TRUNCATION_MARK)
                    .endsWith("€END")
                    .doesNotContain("\uFFFD");
            assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32);
            assertThat(text).endsWith(tail.substring(OutputTail.TRUNCATION_MARK.length()));
        }
    }
}
