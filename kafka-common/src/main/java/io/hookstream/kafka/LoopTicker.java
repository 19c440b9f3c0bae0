package io.hookstream.kafka;

import io.hookstream.kafka.internal.KeyedPartition;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's tick, on the loop's thread: about every tick interval, what the processor has to write without a
 * record is added to the pending outputs of the partitions it names, to be committed with their offsets.
 */
final class LoopTicker {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    private final LoopContext loop;
    private final Clock clock;
    private long lastTickNanos = System.nanoTime();

    LoopTicker(LoopContext loop, Clock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    /** How long until the next tick is due (zero or less: now). */
    long nanosUntilDue() {
        return loop.options.tickInterval().toNanos() - (System.nanoTime() - lastTickNanos);
    }

    /**
     * About every tick interval: what the processor has to write without a record, added to the pending outputs of
     * the partitions it names (committed with their offsets); outputs for a partition not owned are discarded.
     */
    void tickIfDue() {
        long now = System.nanoTime();
        if (now - lastTickNanos < loop.options.tickInterval().toNanos()) {
            return;
        }
        lastTickNanos = now;
        Map<TopicPartition, Processed<Object>> ticked;
        try {
            ticked = loop.processor.onTick(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("loop {}: the processor's tick failed; nothing of it is written", loop.name(), e);
            return;
        }
        if (ticked != null) {
            ticked.forEach(this::add);
        }
    }

    private void add(TopicPartition tp, Processed<Object> processed) {
        if (processed == null || processed.isEmpty()) {
            return;
        }
        KeyedPartition partition = loop.partitions.get(tp);
        if (partition == null) {
            LOG.warn(
                    "loop {}: a tick produced {} outputs for {}, which this loop does not own; discarded",
                    loop.name(),
                    processed.outputs().size(),
                    tp);
            return;
        }
        String problem = loop.sizeGuard.problem(processed.outputs());
        if (problem != null) {
            LOG.error("loop {}: a tick's outputs for {} are discarded: {}", loop.name(), tp, problem);
            return;
        }
        partition.addTicked(processed);
    }
}
