package io.hookstream.kafka;

import io.hookstream.kafka.internal.OutputSizeGuard;
import io.hookstream.kafka.internal.TransactionWriter;
import io.hookstream.kafka.internal.claims.ClaimWatch;
import io.hookstream.kafka.internal.claims.Leases;
import io.hookstream.kafka.internal.claims.ProcessIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
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
 *
 * <p>This class holds the settings, the public view and the thread; the work is done by parts with one job each,
 * sharing a {@link LoopContext}: {@link LoopTurn} (one turn of the thread), {@link LoopWork} (records to the
 * processor and back), {@link LoopTicker} (the processor's tick), {@link LoopCommit} (one transaction and its
 * outcome), {@link LoopRebalance} and {@link LoopOwnership} (partitions taken over and given up),
 * {@link LoopPacing} (pause and lag) and {@link LoopDrain} (the stop).
 */
public final class TransactionalLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    /**
     * Settings of one loop; {@code claims} null for a loop whose work may simply be redone (the dispatcher);
     * {@code tickInterval} how often {@link TransactionalProcessor#onTick} is called.
     */
    public record Options(
            String name,
            Collection<String> topics,
            int maxInFlight,
            Duration pollTimeout,
            Duration commitInterval,
            Duration transactionTimeout,
            Claims claims,
            Duration tickInterval) {
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
            return new Options(
                    name,
                    topics,
                    maxInFlight,
                    Duration.ofMillis(100),
                    commitInterval,
                    Duration.ofSeconds(10),
                    null,
                    DEFAULT_TICK_INTERVAL);
        }

        public Options withClaims(Claims newClaims) {
            return new Options(
                    name,
                    topics,
                    maxInFlight,
                    pollTimeout,
                    commitInterval,
                    transactionTimeout,
                    newClaims,
                    tickInterval);
        }

        public Options withTickInterval(Duration newTickInterval) {
            return new Options(
                    name,
                    topics,
                    maxInFlight,
                    pollTimeout,
                    commitInterval,
                    transactionTimeout,
                    claims,
                    newTickInterval);
        }

        public Options withPollTimeout(Duration newPollTimeout) {
            return new Options(
                    name,
                    topics,
                    maxInFlight,
                    newPollTimeout,
                    commitInterval,
                    transactionTimeout,
                    claims,
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

    private final Properties consumerProperties;
    private final LoopClients clients;
    private final LoopContext loop;
    private final LoopWork work;
    private final LoopCommit commit;
    private final LoopRebalance rebalance;
    private final LoopDrain drain;
    private final LoopPacing pacing;
    private final LoopTurn turn;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;

    /**
     * @param producerProperties client properties for the producer; the loop makes it transactional with a
     *                           transactional.id of its own, or the one given here (it must then be unique among
     *                           live loops, and the same after a restart, so that it fences its predecessor)
     */
    public <C> TransactionalLoop(
            Properties consumerProperties,
            Properties producerProperties,
            Options options,
            TransactionalProcessor<C> processor) {
        this(consumerProperties, producerProperties, options, processor, LoopClients.kafka(), Clock.systemUTC());
    }

    /**
     * @param clients where the consumer and the producers come from (tests pass Kafka's mocks)
     * @param clock   the time {@link TransactionalProcessor#onTick} is given
     */
    @SuppressWarnings("unchecked")
    public <C> TransactionalLoop(
            Properties consumerProperties,
            Properties producerProperties,
            Options options,
            TransactionalProcessor<C> processor,
            LoopClients clients,
            Clock clock) {
        this.consumerProperties = new Properties();
        this.consumerProperties.putAll(consumerProperties);
        this.consumerProperties.put(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(500, options.maxInFlight())));
        // incremental rebalances: a partition that stays keeps its work in flight
        this.consumerProperties.putIfAbsent(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.clients = clients;
        TransactionWriter writer =
                new TransactionWriter(producerProperties, options.name(), options.transactionTimeout(), clients);
        ClaimWatch watch = null;
        Leases leases = null;
        Claims claims = options.claims();
        if (claims != null) {
            watch = new ClaimWatch(
                    consumerProperties,
                    claims.topic(),
                    claims.lease().multipliedBy(2),
                    options.name(),
                    this::onClaimsRead,
                    clients);
            String holder = claims.instance() + "/" + options.name() + "#"
                    + UUID.randomUUID().toString().substring(0, 8);
            leases = new Leases(
                    claims.topic(), claims.lease(), holder, ProcessIdentity.current(), watch, System::nanoTime);
        }
        this.loop = new LoopContext(
                options,
                (TransactionalProcessor<Object>) processor,
                writer,
                OutputSizeGuard.of(producerProperties),
                watch,
                leases);
        this.work = new LoopWork(loop);
        LoopOwnership ownership = new LoopOwnership(loop);
        this.commit = new LoopCommit(loop, work, ownership);
        this.rebalance = new LoopRebalance(
                loop,
                work,
                commit,
                ownership,
                // only a cooperative hand-over has two rebalances; an eager one stores every partition's owner
                consumerProperties.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null
                        && this.consumerProperties
                                .getProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG)
                                .contains("Cooperative"));
        this.drain = new LoopDrain(loop, work, commit);
        this.pacing = new LoopPacing(loop);
        this.turn = new LoopTurn(loop, work, commit, pacing, new LoopTicker(loop, clock));
    }

    public TransactionalLoop start() {
        Thread thread = new Thread(this::run, "hookstream-loop-" + loop.name());
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
        loop.wakeUp();
        return stopped;
    }

    public Set<TopicPartition> assignment() {
        return rebalance.assignment();
    }

    /** Records handed to the processor and not finished, including work kept after its partition moved. */
    public int inFlight() {
        return work.handedOut();
    }

    /** Records waiting for another consumer's claim on them to end (claims only). */
    public int deferred() {
        return loop.leases == null ? 0 : loop.leases.deferred();
    }

    /** Work this loop still runs although its partition moved to another consumer (claims only). */
    public int handedOver() {
        return loop.leases == null ? 0 : loop.leases.orphans();
    }

    public boolean isPaused() {
        return pacing.isPaused();
    }

    public boolean isRunning() {
        return running && !stopped.isDone();
    }

    /** Records not yet consumed in the assigned partitions, as of the last fetch (updated every second). */
    public long lag() {
        return pacing.lag();
    }

    /**
     * Records waiting to be started: not yet fetched from the assigned partitions (the lag) plus fetched and not
     * yet handed out. Unlike Kafka's consumer lag it does not count records that finished above an unfinished one.
     */
    public long waiting() {
        return pacing.lag() + pacing.queued();
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
        return pacing.pausedPartitions();
    }

    /** True while the transactional producer is initialised and its last transaction did not fail. */
    public boolean producerReady() {
        return loop.writer.ready();
    }

    /** Outputs committed since start. */
    public long committedOutputs() {
        return commit.committedOutputs();
    }

    private void run() {
        loop.loopThread = Thread.currentThread();
        Options options = loop.options;
        try (Consumer<byte[], byte[]> kafka = clients.consumer(consumerProperties)) {
            loop.consumer = kafka;
            loop.writer.open();
            if (loop.watch != null) {
                loop.watch.start();
            }
            kafka.subscribe(options.topics(), rebalance);
            LOG.info(
                    "loop {} subscribed to {}{}",
                    options.name(),
                    options.topics(),
                    loop.leases == null
                            ? ""
                            : " (claims as " + loop.leases.holder() + ", lease "
                                    + options.claims().lease() + ")");
            while (running) {
                turn.iterate(kafka);
            }
            drain.drain(kafka, drainDeadlineNanos);
        } catch (org.apache.kafka.common.errors.AuthorizationException e) {
            LOG.error(
                    "loop {} stopped: its Kafka principal is not authorized ({}); grant it the ACLs of "
                            + "docs/kafka-acls.md and restart",
                    options.name(),
                    e.toString());
            failed.complete(e);
        } catch (RuntimeException | Error e) {
            LOG.error(
                    "loop {} stopped on an unexpected error; unfinished records will be processed again by the"
                            + " group",
                    options.name(),
                    e);
            failed.complete(e);
        } finally {
            if (loop.watch != null) {
                loop.watch.close();
            }
            loop.writer.close(Duration.ofSeconds(5));
            running = false;
            loop.consumer = null;
            stopped.complete(null);
        }
    }

    /** From the claims watch's thread: deferred records may be free now. */
    private void onClaimsRead() {
        if (loop.leases != null && loop.leases.deferred() > 0) {
            loop.wakeUp();
        }
    }
}
