package io.hookstream.worker.executor.function.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTailTest {

    @Test
    void aShortLogIsKeptWhole() {
        assertThat(LogTail.of("line 1\nline 2\n", 64)).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void aLongLogKeepsItsEndWithinTheBudgetOnACharacterBoundary() {
        String log = "début " + "é".repeat(40) + " fin";

        String tail = LogTail.of(log, 21);

        assertThat(tail).startsWith(LogTail.TRUNCATION_MARK).endsWith("é fin").doesNotContain("\uFFFD");
        assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(21);
    }
}
