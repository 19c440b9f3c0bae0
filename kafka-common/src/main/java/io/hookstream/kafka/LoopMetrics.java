package io.hookstream.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of a {@link TransactionalLoop}: records in flight, waiting, deferred and handed over, paused partitions,
 * consumer lag, outputs committed.
 */
public final class LoopMetrics {

    private LoopMetrics() {}

    /** Registers the gauges of the loop that {@code loop} supplies (it may be null until started). */
    public static void bind(
            MeterRegistry registry, String component, String loopName, Supplier<TransactionalLoop> loop) {
        Gauge.builder("hookstream.in.flight", () -> value(loop, l -> l.inFlight()))
                .description("records handed to processing and not finished")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder("hookstream.paused.partitions", () -> value(loop, l -> l.pausedPartitions()))
                .description("partitions paused (in-flight bound reached or records waiting)")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder("hookstream.consumer.lag", () -> value(loop, l -> l.lag()))
                .description("records not yet consumed in the assigned partitions")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder("hookstream.waiting", () -> value(loop, l -> l.waiting()))
                .description("records waiting to start: not yet fetched, or fetched and not handed out; unlike the"
                        + " consumer lag, records finished above an unfinished one do not count")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder("hookstream.deferred", () -> value(loop, l -> l.deferred()))
                .description("records waiting for another consumer's claim on them to end (work started elsewhere"
                        + " before the partition moved here)")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder("hookstream.handed.over", () -> value(loop, l -> l.handedOver()))
                .description("records still running here although their partition moved to another consumer")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder(
                        "hookstream.assigned.partitions",
                        () -> value(loop, l -> l.assignment().size()))
                .description("partitions assigned to the consumer")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
        Gauge.builder("hookstream.committed.outputs", () -> value(loop, l -> l.committedOutputs()))
                .description("records written in committed transactions since start")
                .tag("component", component)
                .tag("loop", loopName)
                .register(registry);
    }

    private static double value(Supplier<TransactionalLoop> loop, ToDoubleFunction<TransactionalLoop> f) {
        TransactionalLoop current = loop.get();
        return current == null ? 0 : f.applyAsDouble(current);
    }
}
