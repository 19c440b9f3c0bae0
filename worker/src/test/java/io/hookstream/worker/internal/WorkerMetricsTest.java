package io.hookstream.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.template.ExecutorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry);

    @Test
    void metersKeptPerTagSetCountEachHookUnderItsOwnTags() {
        metrics.started(ExecutorType.Operator);
        metrics.started(ExecutorType.Operator);
        metrics.started(ExecutorType.Pod);
        metrics.finished(ExecutorType.Operator, HookStatus.Succeeded, null, Duration.ofMillis(5));
        metrics.finished(ExecutorType.Operator, HookStatus.Succeeded, null, Duration.ofMillis(7));
        metrics.finished(ExecutorType.Operator, HookStatus.Failed, "ActionFailed", Duration.ofMillis(9));
        metrics.deadLetter("MalformedRecord");
        metrics.deadLetter("MalformedRecord");
        metrics.deadLetter("SignatureInvalid");

        assertThat(registry.get("hookstream.hooks.started")
                        .tag("executor", "Operator")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("hookstream.hooks.started")
                        .tag("executor", "Pod")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("hookstream.hooks.finished")
                        .tags("status", "Succeeded", "reason", "")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("hookstream.hooks.finished")
                        .tags("status", "Failed", "reason", "ActionFailed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("hookstream.hook.duration")
                        .tag("status", "Succeeded")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(12);
        assertThat(registry.get("hookstream.dead.letters")
                        .tags("component", "worker", "reason", "MalformedRecord")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("hookstream.dead.letters")
                        .tag("reason", "SignatureInvalid")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("hookstream.hooks.duplicates").counter())
                .as("appears with the first duplicate")
                .isNull();
        metrics.duplicateSkipped();
        assertThat(registry.get("hookstream.hooks.duplicates").counter().count())
                .isEqualTo(1);
    }
}
