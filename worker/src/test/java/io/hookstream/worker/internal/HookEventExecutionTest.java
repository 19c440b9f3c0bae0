package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.worker.executor.Execution;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A hook event's Function-executor fields and its deadline reach the worker's Execution. */
class HookEventExecutionTest {

    @Test
    void variablesVolumesMountsAndRuntimeSettingsReachTheExecution() throws Exception {
        HookEvent event = Json.mapper().readValue("""
                {"hookId": "r/0", "runId": "r", "phase": "pre-backup", "hookIndex": 0, "hookCount": 1,
                 "hookName": "dump", "template": {"name": "t"}, "session": {"name": "s", "namespace": "demo"},
                 "executor": {"type": "Function", "function": {"name": "pg-dump"}},
                 "params": {"DB": "orders"}, "maxRetry": 1, "timeout": "30s",
                 "variables": [{"name": "MODE", "value": "fast"}],
                 "volumes": [{"name": "scratch", "emptyDir": {}}],
                 "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}],
                 "runtimeSettings": {"container": {"resources": {"limits": {"memory": "64Mi"}}}},
                 "deadline": "2026-12-01T08:01:30Z"}
                """, HookEvent.class);

        Execution execution = HookEventProcessor.executionOf(event, Duration.ofSeconds(30));

        assertThat(execution.variables())
                .singleElement()
                .satisfies(v -> assertThat(v.name()).isEqualTo("MODE"));
        assertThat(execution.volumes())
                .singleElement()
                .satisfies(v -> assertThat(v.name()).isEqualTo("scratch"));
        assertThat(execution.volumeMounts())
                .singleElement()
                .satisfies(m -> assertThat(m.mountPath()).isEqualTo("/scratch"));
        assertThat(execution
                        .runtimeSettings()
                        .container()
                        .resources()
                        .at("/limits/memory")
                        .asText())
                .isEqualTo("64Mi");
        assertThat(execution.params()).containsEntry("DB", "orders");
        assertThat(execution.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(execution.deadline()).isEqualTo(Instant.parse("2026-12-01T08:01:30Z"));
    }

    @Test
    void anEventWithoutThemGivesEmptyListsNoSettingsAndNoDeadline() throws Exception {
        HookEvent event = Json.mapper().readValue("""
                {"hookId": "r/0", "runId": "r", "phase": "pre-backup", "hookIndex": 0, "hookCount": 1,
                 "hookName": "dump", "template": {"name": "t"}, "executor": {"type": "Operator"}, "maxRetry": 0}
                """, HookEvent.class);

        Execution execution = HookEventProcessor.executionOf(event, Duration.ofSeconds(5));

        assertThat(execution.variables()).isEmpty();
        assertThat(execution.volumes()).isEmpty();
        assertThat(execution.volumeMounts()).isEmpty();
        assertThat(execution.runtimeSettings()).isNull();
        assertThat(execution.deadline())
                .as("an older dispatcher's event: every retry is made")
                .isNull();
    }
}
