package io.hookstream.kafka;

import io.hookstream.kafka.internal.FinishedOffsetsCodec;
import io.hookstream.kafka.internal.KeyedPartition;
import io.hookstream.kafka.internal.OutputSizeGuard;
import io.hookstream.kafka.internal.TransactionWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume → process → produce with exactly-once outputs. A Kafka consumer and a transactional producer live on
 * one thread of their own. Records go to a {@link TransactionalProcessor} without waiting for each other, except
 * that records with the same key (in one partition) go one at a time, in order. At most {@code maxInFlight} are
 * held at once; partitions are paused at the bound and resumed as work finishes. As soon as anything finished (at
 * most every {@code commitInterval}) the outputs of finished records are written in one transaction together with,
 * per partition, the lowest unfinished offset and (in its metadata) the finished offsets above it, so after a
 * crash or a rebalance finished records are skipped and unfinished ones are processed again. A zombie (fenced producer, stale group generation) drops what it
 * holds and restarts from the committed offsets. It knows nothing of what records mean.
 */
public final class TransactionalLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    /** Settings of one loop. */
    public record Options(String name, Collection<String> topics, int maxInFlight, Duration pollTimeout,
                          Duration commitInterval, Duration transactionTimeout) {
        public Options {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            topics = List.copyOf(topics);
        }

        /** Loop settings with Kafka Streams-like defaults: 100 ms poll, {@link #DEFAULT_COMMIT_INTERVAL}, 10 s transactions. */
        public static Options of(String name, Collection<String> topics, int maxInFlight) {
            return of(name, topics, maxInFlight, DEFAULT_COMMIT_INTERVAL);
        }

        public static Options of(String name, Collection<String> topics, int maxInFlight, Duration commitInterval) {
            return new Options(name, topics, maxInFlight, Duration.ofMillis(100), commitInterval,
                    Duration.ofSeconds(10));
        }
    }

    /**
     * Transactions are started at most this often per loop. Each one costs the broker several requests and a
     * marker in every partition it touched, so committing after every finished record makes the broker the
     * bottleneck under load; 25 ms keeps the added latency small (half of it on average per hop) while a busy
     * loop writes at most 40 transactions a second. See docs/delivery.md.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(25);

    private record Completion(KeyedPartition partition, TopicPartition tp, ConsumerRecord<byte[], byte[]> record,
                              List<ProducerRecord<byte[], byte[]>> outputs) {
    }

    private final Properties consumerProperties;
    private final TransactionWriter writer;
    private final OutputSizeGuard sizeGuard;
    private final Options options;
    private final TransactionalProcessor processor;
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, KeyedPartition> partitions = new HashMap<>();
    private final Set<TopicPartition> pausedPartitions = new HashSet<>();
    private final AtomicInteger handedOut = new AtomicInteger();
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private volatile int queued;
    private volatile boolean running = true;
    private volatile boolean anyPaused;
    private volatile int pausedCount;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile long committedOutputs;
    private volatile long lag;
    private long lastLagNanos;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread loopThread;
    private final java.util.concurrent.atomic.AtomicBoolean wakeUpPending = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean draining;
    private int held;
    private long lastCommitNanos = System.nanoTime();

    /**
     * @param producerProperties client properties for the producer; the loop makes it transactional with a
     *                           transactional.id of its own, or the one given here (it must then be unique among
     *                           live loops, and the same after a restart, so that it fences its predecessor)
     */
    public TransactionalLoop(Properties consumerProperties, Properties producerProperties, Options options,
                             TransactionalProcessor processor) {
        this.consumerProperties = new Properties();
        this.consumerProperties.putAll(consumerProperties);
        this.consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Integer.toString(Math.min(500, options.maxInFlight())));
        // incremental rebalances: a partition that stays keeps its work in flight
        this.consumerProperties.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        this.writer = new TransactionWriter(producerProperties, options.name(), options.transactionTimeout());
        this.sizeGuard = OutputSizeGuard.of(producerProperties);
        this.options = options;
        this.processor = processor;
    }

    public TransactionalLoop start() {
        Thread thread = new Thread(this::run, "hookstream-loop-" + options.name());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops taking records, waits up to {@code drain} for those handed out, commits what finished and closes. */
    public CompletableFuture<Void> stop(Duration drain) {
        drainDeadlineNanos = System.nanoTime() + drain.toNanos();
        running = false;
        wakeUp();
        return stopped;
    }

    public Set<TopicPartition> assignment() {
        return assignment.get();
    }

    /** Records handed to the processor and not finished yet. */
    public int inFlight() {
        return handedOut.get();
    }

    public boolean isPaused() {
        return anyPaused;
    }

    public boolean isRunning() {
        return running && !stopped.isDone();
    }

    /** Records not yet consumed in the assigned partitions, as of the last fetch (updated every second). */
    public long lag() {
        return lag;
    }

    /** Partitions paused right now (at the in-flight bound, or with records waiting to be admitted). */
    public int pausedPartitions() {
        return pausedCount;
    }

    /** True while the transactional producer is initialised and its last transaction did not fail. */
    public boolean producerReady() {
        return writer.ready();
    }

    /**
     * Records waiting to be started: not yet fetched from the assigned partitions (the lag) plus fetched and not
     * yet handed out. Unlike Kafka's consumer lag it does not count records that finished above an unfinished one.
     */
    public long waiting() {
        return lag + queued;
    }

    /**
     * Completes, with the cause, when the loop stopped on an error it could not handle (it consumes nothing any
     * more and its process should be restarted); never completes for a loop that was stopped or is running.
     */
    public CompletionStage<Throwable> failed() {
        return failed;
    }

    /** The error that stopped the loop, or null while it runs or after an orderly stop. */
    public Throwable failure() {
        return failed.getNow(null);
    }

    /** Outputs committed since start. */
    public long committedOutputs() {
        return committedOutputs;
    }

    private void run() {
        loopThread = Thread.currentThread();
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties)) {
            consumer = kafka;
            writer.open();
            kafka.subscribe(options.topics(), new Rebalance());
            LOG.info("loop {} subscribed to {}", options.name(), options.topics());
            while (running) {
                iterate(kafka);
            }
            drain(kafka);
        } catch (org.apache.kafka.common.errors.AuthorizationException e) {
            LOG.error("loop {} stopped: its Kafka principal is not authorized ({}); grant it the ACLs of "
                    + "docs/kafka-acls.md and restart", options.name(), e.toString());
            failed.complete(e);
        } catch (RuntimeException | Error e) {
            LOG.error("loop {} stopped on an unexpected error; unfinished records will be processed again by the"
                    + " group", options.name(), e);
            failed.complete(e);
        } finally {
            writer.close(Duration.ofSeconds(5));
            running = false;
            consumer = null;
            stopped.complete(null);
        }
    }

    private void iterate(KafkaConsumer<byte[], byte[]> kafka) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafka.poll(pollTimeout());
        } catch (WakeupException wakeup) {
            records = ConsumerRecords.empty();
        }
        wakeUpPending.set(false); // completions queued from now on wake the next poll
        for (ConsumerRecord<byte[], byte[]> record : records) {
            KeyedPartition partition = partitions.get(new TopicPartition(record.topic(), record.partition()));
            if (partition != null && !partition.offer(record)) {
                LOG.debug("loop {} skips {}-{}@{}: finished before", options.name(), record.topic(),
                        record.partition(), record.offset());
            }
        }
        applyCompletions();
        admit();
        applyCompletions(); // records that finished at once go into this commit
        adjustPause(kafka);
        commitIfDue(kafka, false);
        measureLag(kafka);
    }

    /** The poll timeout, shortened so that finished work waits no longer than the commit interval. */
    private Duration pollTimeout() {
        if (!completions.isEmpty()) {
            return Duration.ZERO;
        }
        boolean pending = false;
        for (KeyedPartition partition : partitions.values()) {
            if (partition.needsCommit()) {
                pending = true;
                break;
            }
        }
        if (!pending) {
            return options.pollTimeout();
        }
        long untilDue = options.commitInterval().toNanos() - (System.nanoTime() - lastCommitNanos);
        return untilDue <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(untilDue, options.pollTimeout().toNanos()));
    }

    private void measureLag(KafkaConsumer<byte[], byte[]> kafka) {
        long now = System.nanoTime();
        if (now - lastLagNanos < 1_000_000_000L) {
            return;
        }
        lastLagNanos = now;
        long total = 0;
        for (TopicPartition tp : partitions.keySet()) {
            total += kafka.currentLag(tp).orElse(0);
        }
        lag = total;
        int fetched = 0;
        for (KeyedPartition partition : partitions.values()) {
            fetched += partition.queued();
        }
        queued = fetched;
    }

    private void admit() {
        boolean progress = true;
        while (progress && held < options.maxInFlight()) {
            progress = false;
            for (Map.Entry<TopicPartition, KeyedPartition> entry : partitions.entrySet()) {
                KeyedPartition partition = entry.getValue();
                if (held < options.maxInFlight() && partition.hasIncoming() && partition.canAdmit()) {
                    held++;
                    ConsumerRecord<byte[], byte[]> record = partition.admit();
                    if (record != null) {
                        hand(partition, entry.getKey(), record);
                    }
                    progress = true;
                }
            }
        }
    }

    private void hand(KeyedPartition partition, TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        handedOut.incrementAndGet();
        CompletionStage<List<ProducerRecord<byte[], byte[]>>> stage;
        try {
            stage = processor.process(record);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((outputs, error) -> {
            if (error != null) {
                LOG.error("processing {}-{}@{} failed unexpectedly; it finishes with no output", record.topic(),
                        record.partition(), record.offset(), error);
            }
            handedOut.decrementAndGet();
            List<ProducerRecord<byte[], byte[]>> written = error == null && outputs != null
                    ? sizeGuard.guard(outputs, problem -> tooLarge(record, problem)) : List.of();
            completions.add(new Completion(partition, tp, record, written));
            if (Thread.currentThread() != loopThread && wakeUpPending.compareAndSet(false, true)) {
                wakeUp(); // one wake-up per poll: the loop takes every queued completion when it wakes
            }
        });
    }

    /** An output too large to write would fail every later transaction: the processor's replacement instead. */
    private List<ProducerRecord<byte[], byte[]>> tooLarge(ConsumerRecord<byte[], byte[]> record, String problem) {
        LOG.error("loop {}: {}-{}@{}: {}", options.name(), record.topic(), record.partition(), record.offset(),
                problem);
        try {
            return processor.onOutputTooLarge(record, problem);
        } catch (RuntimeException e) {
            LOG.error("loop {}: no replacement for the outputs of {}-{}@{}", options.name(), record.topic(),
                    record.partition(), record.offset(), e);
            return List.of();
        }
    }

    private void applyCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            if (partitions.get(completion.tp()) != completion.partition()) {
                continue; // the partition was revoked or reset since: its new owner processes the record again
            }
            held--;
            ConsumerRecord<byte[], byte[]> next = completion.partition().finish(completion.record(),
                    completion.outputs());
            if (next != null) {
                if (draining) {
                    continue; // stays unfinished: processed again after the restart
                }
                hand(completion.partition(), completion.tp(), next);
            }
        }
    }

    private void adjustPause(KafkaConsumer<byte[], byte[]> kafka) {
        boolean full = held >= options.maxInFlight();
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        partitions.forEach((tp, partition) -> {
            boolean shouldPause = full || partition.hasIncoming();
            if (shouldPause && !pausedPartitions.contains(tp)) {
                pause.add(tp);
            } else if (!shouldPause && pausedPartitions.contains(tp)) {
                resume.add(tp);
            }
        });
        if (!pause.isEmpty()) {
            kafka.pause(pause);
            pausedPartitions.addAll(pause);
        }
        if (!resume.isEmpty()) {
            kafka.resume(resume);
            pausedPartitions.removeAll(resume);
        }
        anyPaused = !pausedPartitions.isEmpty();
        pausedCount = pausedPartitions.size();
    }

    private void commitIfDue(KafkaConsumer<byte[], byte[]> kafka, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < options.commitInterval().toNanos()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Integer> outputCounts = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        partitions.forEach((tp, partition) -> {
            if (partition.needsCommit()) {
                offsets.put(tp, new OffsetAndMetadata(partition.committableOffset(), partition.commitMetadata()));
                outputCounts.put(tp, partition.pendingOutputs().size());
                outputs.addAll(partition.pendingOutputs());
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = now; // the interval spaces transactions; an idle loop commits what finishes at once
        TransactionWriter.Result result = writer.commit(outputs, offsets, kafka.groupMetadata());
        switch (result.outcome()) {
            case COMMITTED -> {
                offsets.forEach((tp, offset) -> partitions.get(tp).committed(offset.offset(), outputCounts.get(tp)));
                committedOutputs += outputs.size();
                if (!outputs.isEmpty()) {
                    processor.onCommitted(outputs);
                }
            }
            case ABORTED -> LOG.warn("loop {} aborted a transaction ({}); its outputs are sent again in the next one",
                    options.name(), result.cause().toString());
            case FENCED -> restartAsFenced(kafka, result.cause());
        }
    }

    /**
     * This instance may be a zombie (its producer fenced or its group generation stale): nothing it holds can be
     * committed. Drop it all, get a new producer and start again from the committed offsets.
     */
    private void restartAsFenced(KafkaConsumer<byte[], byte[]> kafka, Exception cause) {
        LOG.warn("loop {} was fenced or lost its generation ({}); dropping {} unfinished records and restarting"
                + " from the committed offsets", options.name(), cause.toString(), held);
        writer.renew();
        Set<TopicPartition> owned = new HashSet<>(partitions.keySet());
        drop(owned);
        if (!owned.isEmpty()) {
            initialise(kafka, owned, true);
        }
    }

    private void drop(Collection<TopicPartition> dropped) {
        for (TopicPartition tp : dropped) {
            KeyedPartition partition = partitions.remove(tp);
            if (partition != null) {
                held -= partition.held();
            }
            pausedPartitions.remove(tp);
        }
        if (!dropped.isEmpty()) {
            processor.onDropped(dropped);
        }
    }

    private void initialise(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> assigned, boolean seek) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                ignoringWakeUps(() -> kafka.committed(new HashSet<>(assigned)));
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            long start;
            KeyedPartition partition;
            if (offset == null) {
                if (seek) {
                    kafka.seekToBeginning(List.of(tp));
                }
                start = ignoringWakeUps(() -> kafka.position(tp));
                partition = new KeyedPartition(start, new java.util.TreeSet<>());
            } else {
                start = offset.offset();
                if (seek) {
                    kafka.seek(tp, start);
                }
                partition = new KeyedPartition(start, FinishedOffsetsCodec.decode(start, offset.metadata()));
            }
            partitions.put(tp, partition);
        }
        kafka.resume(assigned);
        pausedPartitions.removeAll(assigned);
    }

    private void drain(KafkaConsumer<byte[], byte[]> kafka) {
        draining = true;
        kafka.pause(kafka.assignment());
        while (handedOut.get() > 0 && System.nanoTime() < drainDeadlineNanos) {
            try {
                kafka.poll(options.pollTimeout());
            } catch (WakeupException ignored) {
                // a completion woke us: go on draining
            }
            applyCompletions();
            commitIfDue(kafka, false);
        }
        applyCompletions();
        if (handedOut.get() > 0) {
            LOG.warn("loop {} stopping with {} records unfinished; they will be processed again",
                    options.name(), handedOut.get());
        }
        commitIfDue(kafka, true);
    }

    /**
     * Runs a blocking consumer call that a wake-up from another thread (a record finishing) must not abort: a
     * rebalance callback that failed half-way would leave partitions without state.
     */
    private static <T> T ignoringWakeUps(java.util.function.Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException wakeup) {
                // a completion woke the consumer: try again
            }
        }
    }

    private void wakeUp() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            applyCompletions();
            commitIfDue(consumer, true);
            drop(revoked);
            Set<TopicPartition> remaining = new HashSet<>(partitions.keySet());
            assignment.set(Set.copyOf(remaining));
            LOG.info("loop {} revoked {}", options.name(), revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            drop(lost);
            assignment.set(Set.copyOf(partitions.keySet()));
            LOG.warn("loop {} lost {}", options.name(), lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!assigned.isEmpty()) {
                initialise(consumer, assigned, false);
                processor.onAssigned(assigned);
            }
            assignment.set(Set.copyOf(partitions.keySet()));
            LOG.info("loop {} assigned {}", options.name(), assigned);
        }
    }
}
