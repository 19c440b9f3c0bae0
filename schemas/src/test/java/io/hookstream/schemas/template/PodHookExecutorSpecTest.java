package io.hookstream.schemas.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PodHookExecutorSpecTest {

    private static PodHookExecutorSpec waiting(String waitTimeout) {
        return new PodHookExecutorSpec("app=db", null, null, waitTimeout);
    }

    @Test
    void waitTimeoutDefaultsToOneMinuteAndZeroMeansNoWait() {
        assertThat(waiting(null).effectiveWaitTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(waiting("0s").effectiveWaitTimeout()).isZero();
        assertThat(waiting("2m30s").effectiveWaitTimeout()).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void aWaitTimeoutThatIsNoDurationOrNegativeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> waiting("soon").effectiveWaitTimeout())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executor.pod.waitTimeout")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> waiting("-5s").effectiveWaitTimeout())
                .hasMessageContaining("executor.pod.waitTimeout")
                .hasMessageContaining("negative");
    }

    @Test
    void anAbsentWaitTimeoutIsNotWrittenSoOlderReadersAreNotMetWithIt() throws Exception {
        assertThat(Json.mapper().writeValueAsString(waiting(null))).isEqualTo("{\"selector\":\"app=db\"}");
        assertThat(Json.mapper()
                        .readValue("{\"selector\":\"app=db\",\"waitTimeout\":\"2m\"}", PodHookExecutorSpec.class))
                .isEqualTo(waiting("2m"));
    }
}
