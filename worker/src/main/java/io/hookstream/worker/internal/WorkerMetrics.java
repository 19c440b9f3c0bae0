package io.hookstream.worker.internal;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.template.ExecutorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The worker's meters: hooks started and finished (by executor, status, reason), their duration, dead letters. */
public final class WorkerMetrics {

    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(ExecutorType executor) {
        Counter.builder("hookstream.hooks.started").description("hook executions started")
                .tag("executor", String.valueOf(executor)).register(registry).increment();
    }

    void finished(ExecutorType executor, HookStatus status, String reason, Duration duration) {
        Counter.builder("hookstream.hooks.finished").description("hook executions finished")
                .tag("executor", String.valueOf(executor)).tag("status", String.valueOf(status))
                .tag("reason", reason == null ? "" : reason).register(registry).increment();
        Timer.builder("hookstream.hook.duration").description("time a hook took, retries included")
                .tag("executor", String.valueOf(executor)).tag("status", String.valueOf(status))
                .publishPercentileHistogram().register(registry).record(duration);
    }

    void duplicateSkipped() {
        Counter.builder("hookstream.hooks.duplicates").description("hook events skipped: the hook had a result")
                .register(registry).increment();
    }

    /** A record dead-lettered: {@code reason} tells malformed records from refused signatures (alert on those). */
    void deadLetter(String reason) {
        Counter.builder("hookstream.dead.letters").description("records sent to the dead-letter topic")
                .tag("component", "worker").tag("reason", reason).register(registry).increment();
    }
}
