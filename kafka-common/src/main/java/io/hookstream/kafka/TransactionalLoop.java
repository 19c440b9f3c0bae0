package io.hookstream.kafka;

import io.hookstream.kafka.internal.AssignedPartitions;
import io.hookstream.kafka.internal.KeyedPartition;
import io.hookstream.kafka.internal.OutputSizeGuard;
import io.hookstream.kafka.internal.TransactionWriter;
import io.hookstream.kafka.internal.claims.ClaimWatch;
import io.hookstream.kafka.internal.claims.Leases;
import io.hookstream.kafka.internal.claims.ProcessIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
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
 * crash or a rebalance finished records are skipped and unfinished ones are processed again.
 *
 * <p>With {@link Claims} (the workers' loops), a record's work also never runs in two places at once: the loop
 * claims a record in a transaction before handing it out, renews the claim while the work runs, keeps running work
 * whose partition moved to another consumer and commits its outputs with a release of the claim, and defers records
 * that another loop's live claim holds (docs/delivery.md). It knows nothing of what records mean.
 */
public final class TransactionalLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    /**
     * Settings of one loop; {@code claims} null for a loop whose work may simply be redone (the dispatcher);
     * {@code tickInterval} how often {@link TransactionalProcessor#onTick} is called.
     */
    public record Options(String name, Collection<String> topics, int maxInFlight, Duration pollTimeout,
                          Duration commitInterval, Duration transactionTimeout, Claims claims, Duration tickInterval) {
        public Options {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            if (tickInterval.isNegative()) {
                throw new IllegalArgumentException("tickInterval must not be negative, was " + tickInterval);
            }
            topics = List.copyOf(topics);
        }

        /** Loop settings with Kafka Streams-like defaults: 100 ms poll, {@link #DEFAULT_COMMIT_INTERVAL}, 10 s transactions. */
        public static Options of(String name, Collection<String> topics, int maxInFlight) {
            return of(name, topics, maxInFlight, DEFAULT_COMMIT_INTERVAL);
        }

        public static Options of(String name, Collection<String> topics, int maxInFlight, Duration commitInterval) {
            return new Options(name, topics, maxInFlight, Duration.ofMillis(100), commitInterval,
                    Duration.ofSeconds(10), null, DEFAULT_TICK_INTERVAL);
        }

        public Options withClaims(Claims newClaims) {
            return new Options(name, topics, maxInFlight, pollTimeout, commitInterval, transactionTimeout, newClaims,
                    tickInterval);
        }

        public Options withTickInterval(Duration newTickInterval) {
            return new Options(name, topics, maxInFlight, pollTimeout, commitInterval, transactionTimeout, claims,
                    newTickInterval);
        }

        public Options withPollTimeout(Duration newPollTimeout) {
            return new Options(name, topics, maxInFlight, newPollTimeout, commitInterval, transactionTimeout, claims,
                    tickInterval);
        }
    }

    /**
     * Claims of the records this loop works on: written to {@code topic} (as many partitions as the consumed
     * topics; claim of partition n goes to partition n), held for {@code lease} unless renewed, by a holder named
     * {@code instance}/loop name plus a random incarnation.
     */
    public record Claims(String topic, Duration lease, String instance) {
        public Claims {
            if (lease.toMillis() < 3_000) {
                throw new IllegalArgumentException("a claim's lease must be at least 3s, was " + lease);
            }
        }
    }

    /**
     * Transactions are started at most this often per loop. Each one costs the broker several requests and a
     * marker in every partition it touched, so committing after every finished record makes the broker the
     * bottleneck under load; 25 ms keeps the added latency small (half of it on average per hop) while a busy
     * loop writes at most 40 transactions a second. See docs/delivery.md.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(25);

    /** {@link TransactionalProcessor#onTick} is called about once a second unless the options say otherwise. */
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);

    private record Completion(KeyedPartition partition, TopicPartition tp, ConsumerRecord<byte[], byte[]> record,
                              Processed<Object> processed) {
    }

    private final Properties consumerProperties;
    private final LoopClients clients;
    private final TransactionWriter writer;
    private final OutputSizeGuard sizeGuard;
    private final Options options;
    /** The processor, its token type erased: the loop only hands back the tokens it was given. */
    private final TransactionalProcessor<Object> processor;
    private final Clock clock;
    /** Null without claims. */
    private final ClaimWatch watch;
    /** Null without claims. */
    private final Leases leases;
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    /** Work for the loop's thread from other threads (partitions prepared, stopped work). */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AssignedPartitions partitions = new AssignedPartitions();
    private final AtomicInteger handedOut = new AtomicInteger();
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile boolean anyPaused;
    private volatile int pausedCount;
    private volatile int queued;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile long committedOutputs;
    private volatile long lag;
    private long lastLagNanos;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Thread loopThread;
    private boolean draining;
    private long lastCommitNanos = System.nanoTime();
    private long lastTickNanos = System.nanoTime();

    /**
     * @param producerProperties client properties for the producer; the loop makes it transactional with a
     *                           transactional.id of its own, or the one given here (it must then be unique among
     *                           live loops, and the same after a restart, so that it fences its predecessor)
     */
    public <C> TransactionalLoop(Properties consumerProperties, Properties producerProperties, Options options,
                                 TransactionalProcessor<C> processor) {
        this(consumerProperties, producerProperties, options, processor, LoopClients.kafka(), Clock.systemUTC());
    }

    /**
     * @param clients where the consumer and the producers come from (tests pass Kafka's mocks)
     * @param clock   the time {@link TransactionalProcessor#onTick} is given
     */
    @SuppressWarnings("unchecked")
    public <C> TransactionalLoop(Properties consumerProperties, Properties producerProperties, Options options,
                                 TransactionalProcessor<C> processor, LoopClients clients, Clock clock) {
        this.consumerProperties = new Properties();
        this.consumerProperties.putAll(consumerProperties);
        this.consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Integer.toString(Math.min(500, options.maxInFlight())));
        // incremental rebalances: a partition that stays keeps its work in flight
        this.consumerProperties.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        this.clients = clients;
        this.writer = new TransactionWriter(producerProperties, options.name(), options.transactionTimeout(),
                clients);
        this.sizeGuard = OutputSizeGuard.of(producerProperties);
        this.options = options;
        this.processor = (TransactionalProcessor<Object>) processor;
        this.clock = clock;
        Claims claims = options.claims();
        if (claims == null) {
            this.watch = null;
            this.leases = null;
        } else {
            this.watch = new ClaimWatch(consumerProperties, claims.topic(), claims.lease().multipliedBy(2),
                    options.name(), this::onClaimsRead, clients);
            String holder = claims.instance() + "/" + options.name() + "#"
                    + UUID.randomUUID().toString().substring(0, 8);
            this.leases = new Leases(claims.topic(), claims.lease(), holder, ProcessIdentity.current(), watch,
                    System::nanoTime);
        }
    }

    public TransactionalLoop start() {
        Thread thread = new Thread(this::run, "hookstream-loop-" + options.name());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Stops taking records, waits up to {@code drain} for those handed out, commits what finished and closes. With
     * claims, work still running at the end of {@code drain} is stopped ({@link TransactionalProcessor#abort}) and
     * its claim released, so that the partition's next owner runs it at once.
     */
    public CompletableFuture<Void> stop(Duration drain) {
        drainDeadlineNanos = System.nanoTime() + drain.toNanos();
        running = false;
        wakeUp();
        return stopped;
    }

    public Set<TopicPartition> assignment() {
        return assignment.get();
    }

    /** Records handed to the processor and not finished, including work kept after its partition moved. */
    public int inFlight() {
        return handedOut.get();
    }

    /** Records waiting for another consumer's claim on them to end (claims only). */
    public int deferred() {
        return leases == null ? 0 : leases.deferred();
    }

    /** Work this loop still runs although its partition moved to another consumer (claims only). */
    public int handedOver() {
        return leases == null ? 0 : leases.orphans();
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

    /** Partitions paused right now (at the in-flight bound, or with records waiting to be admitted). */
    public int pausedPartitions() {
        return pausedCount;
    }

    /** True while the transactional producer is initialised and its last transaction did not fail. */
    public boolean producerReady() {
        return writer.ready();
    }

    /** Outputs committed since start. */
    public long committedOutputs() {
        return committedOutputs;
    }

    private void run() {
        loopThread = Thread.currentThread();
        try (Consumer<byte[], byte[]> kafka = clients.consumer(consumerProperties)) {
            consumer = kafka;
            writer.open();
            if (watch != null) {
                watch.start();
            }
            kafka.subscribe(options.topics(), new Rebalance());
            LOG.info("loop {} subscribed to {}{}", options.name(), options.topics(), leases == null ? ""
                    : " (claims as " + leases.holder() + ", lease " + options.claims().lease() + ")");
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
            if (watch != null) {
                watch.close();
            }
            writer.close(Duration.ofSeconds(5));
            running = false;
            consumer = null;
            stopped.complete(null);
        }
    }

    private void iterate(Consumer<byte[], byte[]> kafka) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafka.poll(pollTimeout());
        } catch (WakeupException wakeup) {
            records = ConsumerRecords.empty();
        }
        wakeUpPending.set(false); // completions queued from now on wake the next poll
        runTasks();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!partitions.offer(record)) {
                LOG.debug("loop {} skips {}-{}@{}: finished before or no longer owned", options.name(),
                        record.topic(), record.partition(), record.offset());
            }
        }
        applyCompletions();
        if (leases != null) {
            Throwable watchFailure = watch.failure();
            if (watchFailure instanceof org.apache.kafka.common.errors.AuthorizationException denied) {
                throw denied; // reported as such: the principal lacks an ACL on the claims topic
            }
            if (watchFailure != null) {
                throw new IllegalStateException("loop " + options.name() + " cannot read claims any more: "
                        + watchFailure, watchFailure);
            }
            stopExpiring();
            leases.resolveDeferred().forEach(this::finishElsewhere);
        }
        admit();
        applyCompletions(); // records that finished at once go into this commit
        tickIfDue();
        adjustPause(kafka);
        commitIfDue(kafka, false);
        measureLag(kafka);
    }

    /**
     * The poll timeout, shortened so that finished work waits no longer than the commit interval and the next tick
     * is not late.
     */
    private Duration pollTimeout() {
        if (!completions.isEmpty() || !tasks.isEmpty()) {
            return Duration.ZERO;
        }
        long now = System.nanoTime();
        long timeout = Math.min(options.pollTimeout().toNanos(),
                options.tickInterval().toNanos() - (now - lastTickNanos));
        boolean pending = (leases != null && leases.hasWrites()) || partitions.anyNeedsCommit();
        if (pending) {
            timeout = Math.min(timeout, options.commitInterval().toNanos() - (now - lastCommitNanos));
        }
        return timeout <= 0 ? Duration.ZERO : Duration.ofNanos(timeout);
    }

    /**
     * About every tick interval: what the processor has to write without a record, added to the pending outputs of
     * the partitions it names (committed with their offsets); outputs for a partition not owned are discarded.
     */
    private void tickIfDue() {
        long now = System.nanoTime();
        if (now - lastTickNanos < options.tickInterval().toNanos()) {
            return;
        }
        lastTickNanos = now;
        Map<TopicPartition, Processed<Object>> ticked;
        try {
            ticked = processor.onTick(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("loop {}: the processor's tick failed; nothing of it is written", options.name(), e);
            return;
        }
        if (ticked == null) {
            return;
        }
        ticked.forEach((tp, processed) -> {
            if (processed == null || processed.isEmpty()) {
                return;
            }
            KeyedPartition partition = partitions.get(tp);
            if (partition == null) {
                LOG.warn("loop {}: a tick produced {} outputs for {}, which this loop does not own; discarded",
                        options.name(), processed.outputs().size(), tp);
                return;
            }
            String problem = sizeGuard.problem(processed.outputs());
            if (problem != null) {
                LOG.error("loop {}: a tick's outputs for {} are discarded: {}", options.name(), tp, problem);
                return;
            }
            partition.addTicked(processed);
        });
    }

    /** Once a second: records not fetched yet, and fetched but not handed out. */
    private void measureLag(Consumer<byte[], byte[]> kafka) {
        long now = System.nanoTime();
        if (now - lastLagNanos < 1_000_000_000L) {
            return;
        }
        lastLagNanos = now;
        AssignedPartitions.Backlog backlog = partitions.backlog(kafka);
        lag = backlog.unfetched();
        queued = backlog.queued();
    }

    /** Records admitted and not finished, and work kept running after its partition moved. */
    private int held() {
        return partitions.held() + (leases == null ? 0 : leases.orphans());
    }

    private void admit() {
        int held = held();
        boolean progress = true;
        while (progress && held < options.maxInFlight()) {
            progress = false;
            for (Map.Entry<TopicPartition, KeyedPartition> entry : partitions.all().entrySet()) {
                KeyedPartition partition = entry.getValue();
                if (held < options.maxInFlight() && partition.ready() && partition.hasIncoming()
                        && partition.canAdmit()) {
                    held++;
                    ConsumerRecord<byte[], byte[]> record = partition.admit();
                    if (record != null) {
                        start(entry.getKey(), partition, record);
                    }
                    progress = true;
                }
            }
        }
    }

    /** A record whose key is free: handed out at once, or (with claims) claimed, deferred or finished. */
    private void start(TopicPartition tp, KeyedPartition partition, ConsumerRecord<byte[], byte[]> record) {
        if (leases == null) {
            hand(partition, tp, record);
            return;
        }
        if (leases.admitted(partition, record) == Leases.Admission.FINISHED_ELSEWHERE) {
            finishElsewhere(record);
        }
    }

    /** Another holder finished {@code record} and committed its outputs: finish it here without work. */
    private void finishElsewhere(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        KeyedPartition partition = partitions.get(tp);
        LOG.info("loop {}: {}-{}@{} was finished by the consumer that ran it before its partition moved here",
                options.name(), record.topic(), record.partition(), record.offset());
        processor.onFinishedElsewhere(record);
        ConsumerRecord<byte[], byte[]> next = partition.finish(record, Processed.none());
        if (next != null && !draining) {
            start(tp, partition, next);
        }
    }

    private void hand(KeyedPartition partition, TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        handedOut.incrementAndGet();
        CompletionStage<Processed<Object>> stage;
        try {
            stage = processor.process(record);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((processed, error) -> {
            if (error != null) {
                LOG.error("processing {}-{}@{} failed unexpectedly; it finishes with no output", record.topic(),
                        record.partition(), record.offset(), error);
            }
            handedOut.decrementAndGet();
            Processed<Object> written = error == null && processed != null
                    ? sizeGuard.guard(processed, problem -> tooLarge(record, processed, problem)) : Processed.none();
            completions.add(new Completion(partition, tp, record, written));
            if (Thread.currentThread() != loopThread && wakeUpPending.compareAndSet(false, true)) {
                wakeUp(); // one wake-up per poll: the loop takes every queued completion when it wakes
            }
        });
    }

    /** An output too large to write would fail every later transaction: the processor's replacement instead. */
    private Processed<Object> tooLarge(ConsumerRecord<byte[], byte[]> record, Processed<Object> rejected,
                                       String problem) {
        LOG.error("loop {}: {}-{}@{}: {}", options.name(), record.topic(), record.partition(), record.offset(),
                problem);
        try {
            return processor.onOutputTooLarge(record, rejected, problem);
        } catch (RuntimeException e) {
            LOG.error("loop {}: no replacement for the outputs of {}-{}@{}", options.name(), record.topic(),
                    record.partition(), record.offset(), e);
            return Processed.none();
        }
    }

    private void applyCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            KeyedPartition partition = completion.partition();
            if (leases != null) {
                Leases.Outcome outcome = leases.completed(completion.record(), completion.processed());
                if (outcome.fate() != Leases.Fate.OWNED) {
                    continue; // released with its claim, or discarded (its work was stopped)
                }
                partition = outcome.partition();
            }
            if (partitions.get(completion.tp()) != partition) {
                continue; // the partition was revoked or reset since: its new owner processes the record again
            }
            ConsumerRecord<byte[], byte[]> next = partition.finish(completion.record(), completion.processed());
            if (next != null && !draining) {
                start(completion.tp(), partition, next);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** Work whose claim could not be renewed in time is stopped before any other loop may take it over. */
    private void stopExpiring() {
        for (ConsumerRecord<byte[], byte[]> record : leases.expiring()) {
            LOG.warn("loop {}: could not renew the claim on {}-{}@{} for most of its lease ({}); stopping its work"
                    + " so that it never runs twice", options.name(), record.topic(), record.partition(),
                    record.offset(), options.claims().lease());
            abort(record, TransactionalProcessor.LEASE_LOST);
        }
    }

    private CompletionStage<Void> abort(ConsumerRecord<byte[], byte[]> record, String reason) {
        try {
            return processor.abort(record, reason);
        } catch (RuntimeException e) {
            LOG.error("loop {}: stopping the work of {}-{}@{} failed", options.name(), record.topic(),
                    record.partition(), record.offset(), e);
            return CompletableFuture.failedFuture(e);
        }
    }

    private void adjustPause(Consumer<byte[], byte[]> kafka) {
        int paused = partitions.adjustPause(kafka, held() >= options.maxInFlight());
        anyPaused = paused > 0;
        pausedCount = paused;
    }

    private void commitIfDue(Consumer<byte[], byte[]> kafka, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < options.commitInterval().toNanos()) {
            return;
        }
        Set<TopicPartition> claimed = new HashSet<>();
        List<ProducerRecord<byte[], byte[]>> claimWrites = leases != null && leases.hasWrites()
                ? leases.writes(claimed) : List.of();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Integer> finishedCounts = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        List<Object> tokens = new ArrayList<>();
        partitions.all().forEach((tp, partition) -> {
            // a new claim carries its partition's offset: the group refuses it from a consumer that lost the partition
            if (partition.needsCommit() || claimed.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(partition.committableOffset(), partition.commitMetadata()));
                finishedCounts.put(tp, partition.pendingCount());
                outputs.addAll(partition.pendingOutputs());
                tokens.addAll(partition.pendingTokens());
            }
        });
        if (offsets.isEmpty() && claimWrites.isEmpty()) {
            return;
        }
        outputs.addAll(claimWrites);
        if (leases != null) {
            tokens.addAll(leases.tokensInTransaction());
        }
        lastCommitNanos = now; // the interval spaces transactions; an idle loop commits what finishes at once
        long began = System.nanoTime();
        TransactionWriter.Result result = writer.commit(outputs, offsets, kafka.groupMetadata(), !claimed.isEmpty());
        switch (result.outcome()) {
            case COMMITTED -> committed(offsets, finishedCounts, outputs, tokens, began);
            case ABORTED -> {
                if (leases != null) {
                    leases.aborted();
                }
                LOG.warn("loop {} aborted a transaction ({}); its outputs are sent again in the next one",
                        options.name(), result.cause().toString());
            }
            case STALE_GENERATION -> restartAsFenced(kafka, result.cause(), false);
            case FENCED -> restartAsFenced(kafka, result.cause(), true);
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Integer> finishedCounts,
                           List<ProducerRecord<byte[], byte[]>> outputs, List<Object> tokens, long began) {
        offsets.forEach((tp, offset) -> {
            partitions.get(tp).committed(offset.offset(), finishedCounts.get(tp));
            if (watch != null) {
                watch.forgetBelow(tp, offset.offset());
            }
        });
        committedOutputs += leases == null ? outputs.size()
                : outputs.stream().filter(o -> !o.topic().equals(options.claims().topic())).count();
        if (!tokens.isEmpty()) {
            processor.onCommitted(tokens);
        }
        if (leases != null) {
            for (ConsumerRecord<byte[], byte[]> record : leases.committed(began)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                hand(partitions.get(tp), tp, record);
            }
        }
    }

    /**
     * This instance may be a zombie (its producer fenced or its group generation stale): nothing it holds can be
     * committed with offsets. Without claims it drops it all; with claims, work that started goes on as handed-over
     * work. Then it gets a new producer and starts again from the committed offsets.
     */
    private void restartAsFenced(Consumer<byte[], byte[]> kafka, Exception cause, boolean producerFenced) {
        LOG.warn("loop {} was fenced or lost its generation ({}); restarting from the committed offsets{}",
                options.name(), cause.toString(), leases == null ? ", dropping " + held() + " unfinished records"
                        : "; work that started goes on and is released when it ends");
        if (leases != null) {
            leases.aborted();
        }
        if (producerFenced) {
            writer.renew();
        }
        Set<TopicPartition> owned = partitions.owned();
        giveUp(owned);
        if (!owned.isEmpty()) {
            initialise(kafka, owned, true);
        }
    }

    /** Partitions this loop no longer owns: with claims, started work becomes handed-over work. */
    private void giveUp(Collection<TopicPartition> gone) {
        if (leases != null) {
            for (TopicPartition tp : gone) {
                KeyedPartition partition = partitions.get(tp);
                leases.forgetUnstarted(tp);
                leases.orphan(tp, partition == null ? List.of() : partition.takeUncommitted());
            }
        }
        drop(gone);
    }

    private void drop(Collection<TopicPartition> dropped) {
        Set<Integer> unused = partitions.remove(dropped);
        if (!dropped.isEmpty()) {
            processor.onDropped(dropped);
        }
        if (watch != null && !unused.isEmpty()) {
            watch.unwatch(unused);
        }
    }

    /**
     * Takes over {@code assigned} and holds their records back until they are prepared: the processor's state
     * read, and (with claims) every claim on these partitions.
     */
    private void initialise(Consumer<byte[], byte[]> kafka, Collection<TopicPartition> assigned, boolean seek) {
        Map<TopicPartition, KeyedPartition> epoch = partitions.take(kafka, assigned, seek);
        CompletableFuture<Void> claimsRead = CompletableFuture.completedFuture(null);
        if (watch != null) {
            Set<Integer> numbers = new HashSet<>();
            assigned.forEach(tp -> numbers.add(tp.partition()));
            claimsRead = watch.watch(numbers);
        }
        CompletionStage<java.util.function.Consumer<Collection<TopicPartition>>> prepared;
        try {
            prepared = processor.prepare(List.copyOf(assigned));
        } catch (RuntimeException e) {
            prepared = CompletableFuture.failedFuture(e);
        }
        claimsRead.thenCombine(prepared, (read, apply) -> apply).whenComplete((apply, error) -> {
            tasks.add(() -> prepared(epoch, apply, error));
            wakeUp();
        });
    }

    /** On the loop's thread: the preparation of {@code epoch}'s partitions ended; those still owned start. */
    private void prepared(Map<TopicPartition, KeyedPartition> epoch,
                          java.util.function.Consumer<Collection<TopicPartition>> apply, Throwable error) {
        List<TopicPartition> still = partitions.stillOwned(epoch);
        if (still.isEmpty()) {
            return; // revoked or reset meanwhile
        }
        if (error != null) {
            throw new IllegalStateException("loop " + options.name() + " could not prepare partitions " + still
                    + ": " + error.getMessage(), error);
        }
        apply.accept(still);
        still.forEach(tp -> partitions.get(tp).markReady());
        LOG.info("loop {} ready on {}", options.name(), still);
    }

    private void drain(Consumer<byte[], byte[]> kafka) {
        draining = true;
        kafka.pause(kafka.assignment());
        if (leases != null) {
            leases.forgetAllUnstarted(); // nothing new starts; those records go to the partitions' next owners
        }
        drainUntil(kafka, drainDeadlineNanos);
        if (leases != null && handedOut.get() > 0) {
            List<ConsumerRecord<byte[], byte[]>> stopping = leases.abortAll();
            LOG.warn("loop {} stopping: {} records still running after the drain time; stopping their work and"
                    + " releasing their claims", options.name(), stopping.size());
            for (ConsumerRecord<byte[], byte[]> record : stopping) {
                abort(record, TransactionalProcessor.STOPPING).whenComplete((v, e) -> {
                    if (e == null) {
                        tasks.add(() -> leases.releaseUnfinished(record));
                    }
                    wakeUp();
                });
            }
            drainUntil(kafka, System.nanoTime() + Duration.ofSeconds(30).toNanos());
            runTasks();
        }
        applyCompletions();
        if (handedOut.get() > 0) {
            LOG.warn("loop {} stopping with {} records unfinished; they will be processed again",
                    options.name(), handedOut.get());
        }
        commitIfDue(kafka, true);
    }

    private void drainUntil(Consumer<byte[], byte[]> kafka, long deadlineNanos) {
        while (handedOut.get() > 0 && System.nanoTime() < deadlineNanos) {
            try {
                kafka.poll(options.pollTimeout());
            } catch (WakeupException ignored) {
                // a completion woke us: go on draining
            }
            runTasks();
            applyCompletions();
            if (leases != null) {
                stopExpiring();
            }
            commitIfDue(kafka, false);
        }
    }

    private void wakeUp() {
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** From the claims watch's thread: deferred records may be free now. */
    private void onClaimsRead() {
        if (leases != null && leases.deferred() > 0) {
            wakeUp();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            applyCompletions();
            if (leases != null) {
                revoked.forEach(leases::forgetUnstarted); // not started: the new owner runs them
            }
            commitIfDue(consumer, true);
            giveUp(revoked);
            assignment.set(partitions.owned());
            LOG.info("loop {} revoked {}{}", options.name(), revoked, leases == null || leases.orphans() == 0 ? ""
                    : "; " + leases.orphans() + " records started here go on here until they finish");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            giveUp(lost);
            assignment.set(partitions.owned());
            LOG.warn("loop {} lost {}", options.name(), lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!assigned.isEmpty()) {
                initialise(consumer, assigned, false);
            }
            assignment.set(partitions.owned());
            LOG.info("loop {} assigned {}", options.name(), assigned);
        }
    }
}
