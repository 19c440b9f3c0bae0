package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HookEventReaderTest {

    @Test
    void aNullNumberIsRefusedNamingTheFieldWithoutJacksonsAdviceOnItsSettings() {
        HookEventReader.Read read = HookEventReader.read(("{\"hookId\":\"r/0\",\"runId\":\"r\",\"hookName\":\"h\","
                        + "\"phase\":\"pre-backup\",\"maxRetry\":null,\"executor\":{\"type\":\"Operator\"},\"timeout\":\"30s\"}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(read.ok()).isFalse();
        assertThat(read.problem())
                .contains("field maxRetry")
                .doesNotContain("DeserializationConfig")
                .doesNotContain("FAIL_ON_NULL");
    }
}
