package io.hookstream.worker.internal;

import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.template.ExecutorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's meters: hooks started and finished (by executor, status, reason), their duration, dead letters.
 * Each meter is built and registered once per tag set and then reused: building one per hook (builder, tags,
 * registry lookup) was measurable per-hook work. The tag sets are as bounded as the registry's own meters.
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> started = new ConcurrentHashMap<>();
    private final Map<FinishedTags, Finished> finished = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(ExecutorType executor) {
        started.computeIfAbsent(
                        String.valueOf(executor),
                        e -> Counter.builder("hookstream.hooks.started")
                                .description("hook executions started")
                                .tag("executor", e)
                                .register(registry))
                .increment();
    }

    void finished(ExecutorType executor, HookStatus status, String reason, Duration duration) {
        Finished meters = finished.computeIfAbsent(
                new FinishedTags(String.valueOf(executor), String.valueOf(status), reason == null ? "" : reason),
                this::finishedMeters);
        meters.count().increment();
        meters.duration().record(duration);
    }

    private Finished finishedMeters(FinishedTags tags) {
        Counter count = Counter.builder("hookstream.hooks.finished")
                .description("hook executions finished")
                .tag("executor", tags.executor())
                .tag("status", tags.status())
                .tag("reason", tags.reason())
                .register(registry);
        Timer duration = Timer.builder("hookstream.hook.duration")
                .description("time a hook took, retries included")
                .tag("executor", tags.executor())
                .tag("status", tags.status())
                .publishPercentileHistogram()
                .register(registry);
        return new Finished(count, duration);
    }

    void duplicateSkipped() {
        // rare: built when needed, so the meter appears with the first duplicate as before
        Counter.builder("hookstream.hooks.duplicates")
                .description("hook events skipped: the hook had a result")
                .register(registry)
                .increment();
    }

    /** A record dead-lettered: {@code reason} tells malformed records from refused signatures (alert on those). */
    void deadLetter(String reason) {
        deadLetters
                .computeIfAbsent(
                        reason,
                        r -> Counter.builder("hookstream.dead.letters")
                                .description("records sent to the dead-letter topic")
                                .tag("component", "worker")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    private record FinishedTags(String executor, String status, String reason) {}

    private record Finished(Counter count, Timer duration) {}
}
