package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanEnvironmentTest {

    private static final Map<String, String> WORKER =
            Map.of("PATH", "/bin", "TZ", "UTC", "AWS_SECRET_ACCESS_KEY", "s3cr3t", "JAVA_HOME", "/opt/java");

    @Test
    void keepsOnlyInheritedWorkerVariablesThenParamsThenHookIdentity() throws InvalidActionException {
        Map<String, String> environment = CleanEnvironment.of(
                WORKER, Map.of("DB", "orders", "HOOKSTREAM_RUN_ID", "spoofed"), "run-7", "pre-backup");

        assertThat(environment)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PATH",
                        "/bin",
                        "TZ",
                        "UTC",
                        "DB",
                        "orders",
                        "HOOKSTREAM_RUN_ID",
                        "run-7",
                        "HOOKSTREAM_HOOK_NAME",
                        "pre-backup"));
    }

    @Test
    void paramNameThatCannotBeAnEnvironmentVariableIsInvalid() {
        assertThatThrownBy(() -> CleanEnvironment.of(WORKER, Map.of("A=B", "x"), "run", "hook"))
                .isInstanceOf(InvalidActionException.class)
                .hasMessageContaining("A=B");
    }
}
