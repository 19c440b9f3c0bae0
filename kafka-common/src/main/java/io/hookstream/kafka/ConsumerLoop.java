package io.hookstream.kafka;

import io.hookstream.kafka.internal.PartitionOffsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer on a thread of its own that hands records to a {@link RecordProcessor} without waiting for
 * them, keeps at most {@code maxInFlight} unfinished (pausing its partitions when the bound is reached and
 * resuming as work finishes) and commits, per partition, only up to the lowest offset not yet finished. The
 * consumer is touched by that thread alone; other threads talk to it through a queue. It knows nothing of what
 * the records mean.
 */
public final class ConsumerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    /** Settings of one loop. */
    public record Options(String name, Collection<String> topics, int maxInFlight, Duration pollTimeout,
                          Duration commitInterval) {
        public Options {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            topics = List.copyOf(topics);
        }

        public static Options of(String name, Collection<String> topics, int maxInFlight) {
            return new Options(name, topics, maxInFlight, Duration.ofMillis(50), Duration.ofMillis(200));
        }
    }

    private record Completion(PartitionOffsets partition, long offset) {
    }

    private final Properties consumerProperties;
    private final Options options;
    private final RecordProcessor processor;
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    /** Records polled but not yet handed out because the in-flight bound was reached (at most one poll's worth). */
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> backlog = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Void> firstAssignment = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private long lastCommitNanos = System.nanoTime();

    public ConsumerLoop(Properties consumerProperties, Options options, RecordProcessor processor) {
        this.consumerProperties = consumerProperties;
        this.options = options;
        this.processor = processor;
    }

    /** Starts the consumer thread; subscribing happens there. */
    public ConsumerLoop start() {
        thread = new Thread(this::run, "hookstream-consumer-" + options.name());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Stops taking records, waits up to {@code drain} for unfinished ones, commits what finished and closes.
     * The future completes when the consumer is closed.
     */
    public CompletableFuture<Void> stop(Duration drain) {
        drainDeadlineNanos = System.nanoTime() + drain.toNanos();
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        return stopped;
    }

    /** Completes when the group first assigned partitions to this consumer. */
    public CompletableFuture<Void> firstAssignment() {
        return firstAssignment;
    }

    public Set<TopicPartition> assignment() {
        return assignment.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isRunning() {
        return running && !stopped.isDone();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties)) {
            consumer = kafka;
            kafka.subscribe(options.topics(), new Rebalance());
            LOG.info("consumer {} subscribed to {}", options.name(), options.topics());
            while (running) {
                pollOnce(kafka);
            }
            drain(kafka);
        } catch (RuntimeException e) {
            LOG.error("consumer {} stopped on an unexpected error; records in flight will be redelivered to the"
                    + " group", options.name(), e);
        } finally {
            running = false;
            consumer = null;
            stopped.complete(null);
        }
    }

    private void pollOnce(KafkaConsumer<byte[], byte[]> kafka) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafka.poll(options.pollTimeout());
        } catch (WakeupException wakeup) {
            records = ConsumerRecords.empty();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            backlog.add(record);
        }
        applyCompletions();
        while (!backlog.isEmpty() && inFlight.get() < options.maxInFlight()) {
            hand(backlog.poll());
        }
        adjustPause(kafka);
        commitIfDue(kafka, false);
    }

    private void hand(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionOffsets offsets = partitions.computeIfAbsent(tp, p -> new PartitionOffsets(record.offset()));
        offsets.started(record.offset());
        inFlight.incrementAndGet();
        try {
            processor.process(record).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.error("processing {}-{}@{} failed unexpectedly; its offset is released so the partition"
                            + " goes on", record.topic(), record.partition(), record.offset(), error);
                }
                finished(offsets, record.offset());
            });
        } catch (RuntimeException e) {
            LOG.error("processing {}-{}@{} threw; its offset is released so the partition goes on",
                    record.topic(), record.partition(), record.offset(), e);
            finished(offsets, record.offset());
        }
    }

    private void finished(PartitionOffsets offsets, long offset) {
        completions.add(new Completion(offsets, offset));
        inFlight.decrementAndGet();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (paused && current != null) {
            current.wakeup();
        }
    }

    private void applyCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            completion.partition().finished(completion.offset());
        }
    }

    private void adjustPause(KafkaConsumer<byte[], byte[]> kafka) {
        int current = inFlight.get();
        boolean full = current >= options.maxInFlight() || !backlog.isEmpty();
        if (!paused && full) {
            kafka.pause(kafka.assignment());
            paused = true;
            LOG.debug("consumer {} paused at {} in flight", options.name(), current);
        } else if (paused && !full) {
            kafka.resume(kafka.paused());
            paused = false;
            LOG.debug("consumer {} resumed at {} in flight", options.name(), current);
        }
    }

    private void commitIfDue(KafkaConsumer<byte[], byte[]> kafka, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < options.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        partitions.forEach((tp, offsets) -> {
            long next = offsets.committable();
            if (next >= 0) {
                commits.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (commits.isEmpty()) {
            return;
        }
        try {
            kafka.commitSync(commits);
            commits.forEach((tp, om) -> partitions.get(tp).committedUpTo(om.offset()));
        } catch (WakeupException wakeup) {
            commitIfDue(kafka, true);
        } catch (RuntimeException e) {
            LOG.warn("consumer {} could not commit {}: {}; will retry", options.name(), commits, e.toString());
        }
    }

    private void drain(KafkaConsumer<byte[], byte[]> kafka) {
        kafka.pause(kafka.assignment());
        backlog.clear();
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadlineNanos) {
            try {
                kafka.poll(options.pollTimeout());
            } catch (WakeupException ignored) {
                // a completion woke us: go on draining
            }
            applyCompletions();
        }
        applyCompletions();
        if (inFlight.get() > 0) {
            LOG.warn("consumer {} stopping with {} records unfinished; they will be redelivered",
                    options.name(), inFlight.get());
        }
        commitIfDue(kafka, true);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            applyCompletions();
            commitIfDue(consumer, true);
            revoked.forEach(partitions::remove);
            backlog.removeIf(r -> revoked.contains(new TopicPartition(r.topic(), r.partition())));
            Set<TopicPartition> remaining = new java.util.HashSet<>(consumer.assignment());
            remaining.removeAll(revoked);
            assignment.set(Set.copyOf(remaining));
            LOG.info("consumer {} revoked {}", options.name(), revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partitions::remove);
            backlog.removeIf(r -> lost.contains(new TopicPartition(r.topic(), r.partition())));
            assignment.set(Set.of());
            LOG.warn("consumer {} lost {}", options.name(), lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assignment.set(Set.copyOf(consumer.assignment()));
            if (paused) {
                consumer.pause(assigned);
            }
            LOG.info("consumer {} assigned {}", options.name(), assigned);
            firstAssignment.complete(null);
        }
    }
}
