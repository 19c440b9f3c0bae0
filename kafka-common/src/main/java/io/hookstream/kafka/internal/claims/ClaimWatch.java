package io.hookstream.kafka.internal.claims;

import io.hookstream.kafka.LoopClients;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the claims topic for the partitions a loop owns, on a thread of its own with a consumer of its own
 * (read_committed, assigned, no group), and keeps the latest claim of every record it saw with the time it saw it.
 * {@link #watch} starts reading a partition from a window before now (a live claim is renewed within a third of
 * its lease, so its latest record is inside the window) and completes once everything that was written to the
 * partition before that moment, committed transactions included, has been read: after that no claim older than
 * the call can be missing. Thread-safe; claims are read from any thread.
 */
public final class ClaimWatch implements ClaimLookup, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimWatch.class);

    private record Barrier(int partition, long endOffset, CompletableFuture<Void> done) {}

    private final Properties consumerProperties;
    private final LoopClients clients;
    private final String topic;
    private final Duration window;
    private final Runnable onChange;
    private final LongSupplier nanoClock;
    private final Map<TopicPartition, ConcurrentSkipListMap<Long, SeenClaim>> claims = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Throwable failure;
    // watch thread only
    private final Set<Integer> watched = new HashSet<>();
    private final List<Barrier> barriers = new ArrayList<>();
    private Consumer<byte[], byte[]> reader;
    private Consumer<byte[], byte[]> ends;
    private long lastPruneNanos;

    /**
     * @param clientProperties common client properties (bootstrap servers, security); a consumer without group is
     *                         made from them
     * @param window           how far back a newly watched partition is read
     * @param onChange         called (on the watch's thread) after new claims were read or a partition caught up
     */
    public ClaimWatch(Properties clientProperties, String topic, Duration window, String name, Runnable onChange) {
        this(clientProperties, topic, window, name, onChange, LoopClients.kafka());
    }

    /** @param clients where the watch's two consumers come from */
    public ClaimWatch(
            Properties clientProperties,
            String topic,
            Duration window,
            String name,
            Runnable onChange,
            LoopClients clients) {
        this.clients = clients;
        this.consumerProperties = io.hookstream.kafka.TopicScan.consumerProperties(clientProperties, "claims");
        this.topic = topic;
        this.window = window;
        this.onChange = onChange;
        this.nanoClock = System::nanoTime;
        this.thread = new Thread(this::run, "hookstream-claims-" + name);
        this.thread.setDaemon(true);
    }

    public ClaimWatch start() {
        thread.start();
        return this;
    }

    /**
     * Reads claims of {@code partitions} (claims partition numbers, one per number of the owned partitions) from
     * now on. The future completes once every claim committed before this call has been read; it fails if the
     * watch stops first.
     */
    public CompletableFuture<Void> watch(Collection<Integer> partitions) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Set<Integer> copy = Set.copyOf(partitions);
        command(() -> startWatching(copy, done));
        return done;
    }

    /** Stops reading {@code partitions} and forgets their claims; a watch still waiting for them completes. */
    public void unwatch(Collection<Integer> partitions) {
        Set<Integer> copy = Set.copyOf(partitions);
        command(() -> {
            watched.removeAll(copy);
            claims.keySet().removeIf(tp -> copy.contains(tp.partition()));
            // nobody owns these numbers any more: their barriers are moot (complete them, or a watch of several
            // numbers would fail for partitions that are still owned)
            barriers.removeIf(b -> {
                if (copy.contains(b.partition())) {
                    b.done().complete(null);
                    return true;
                }
                return false;
            });
            reassign();
        });
    }

    @Override
    public SeenClaim latest(ClaimKey key) {
        ConcurrentSkipListMap<Long, SeenClaim> ofPartition = claims.get(key.partition());
        return ofPartition == null ? null : ofPartition.get(key.offset());
    }

    /** Forgets the claims of records of {@code partition} below {@code offset} (they are committed as finished). */
    public void forgetBelow(TopicPartition partition, long offset) {
        ConcurrentSkipListMap<Long, SeenClaim> ofPartition = claims.get(partition);
        if (ofPartition != null) {
            ofPartition.headMap(offset).clear();
        }
    }

    /** The error that stopped the watch, or null while it runs (or after {@link #close}). */
    public Throwable failure() {
        return failure;
    }

    /** Claims held in memory (for tests and metrics). */
    public int size() {
        return claims.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("claims watch {} did not stop within 10 s", thread.getName());
        }
    }

    private void command(Runnable command) {
        commands.add(command);
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        try (Consumer<byte[], byte[]> created = clients.consumer(consumerProperties);
                Consumer<byte[], byte[]> endReader = endOffsetReader()) {
            reader = created;
            ends = endReader;
            consumer = created;
            while (running) {
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                if (watched.isEmpty()) {
                    command = commands.poll(100, TimeUnit.MILLISECONDS);
                    if (command != null) {
                        command.run();
                    }
                    continue;
                }
                try {
                    read();
                } catch (WakeupException wakeup) {
                    // a command is waiting
                }
                checkBarriers();
                pruneNowAndThen();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("claims watch {} stopped: {}", thread.getName(), e.toString(), e);
        } finally {
            consumer = null;
            reader = null;
            barriers.forEach(
                    b -> b.done().completeExceptionally(new IllegalStateException("the claims watch stopped")));
            Runnable command;
            while ((command = commands.poll()) != null) {
                command.run(); // fails the futures of watches that arrived too late (watched is not read again)
            }
            closed.complete(null);
        }
    }

    private void startWatching(Set<Integer> partitions, CompletableFuture<Void> done) {
        try {
            startWatchingOrFail(partitions, done);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
        }
    }

    private void startWatchingOrFail(Set<Integer> partitions, CompletableFuture<Void> done) {
        if (!running || reader == null) {
            done.completeExceptionally(new IllegalStateException("the claims watch is stopped"));
            return;
        }
        Consumer<byte[], byte[]> kafka = reader;
        Set<Integer> fresh = new HashSet<>(partitions);
        fresh.removeAll(watched);
        watched.addAll(partitions);
        reassign();
        List<TopicPartition> tps =
                partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        if (!fresh.isEmpty()) {
            long since = System.currentTimeMillis() - window.toMillis();
            Map<TopicPartition, Long> times = new HashMap<>();
            fresh.forEach(p -> times.put(new TopicPartition(topic, p), since));
            Map<TopicPartition, OffsetAndTimestamp> found = ignoringWakeUps(() -> kafka.offsetsForTimes(times));
            for (TopicPartition tp : times.keySet()) {
                OffsetAndTimestamp at = found.get(tp);
                if (at == null) {
                    kafka.seekToEnd(List.of(tp));
                } else {
                    kafka.seek(tp, at.offset());
                }
            }
        }
        // everything appended before now, open transactions included: read_committed gets past it only once
        // those transactions ended
        ends.assign(tps); // never polled; assigned only so that the client keeps the answer without a warning
        Map<TopicPartition, Long> end = ends.endOffsets(tps); // not woken up: only the reader is
        if (partitions.isEmpty()) {
            done.complete(null);
            return;
        }
        CompletableFuture<?>[] parts = new CompletableFuture<?>[tps.size()];
        int i = 0;
        for (TopicPartition tp : tps) {
            CompletableFuture<Void> part = new CompletableFuture<>();
            barriers.add(new Barrier(tp.partition(), end.getOrDefault(tp, 0L), part));
            parts[i++] = part;
        }
        CompletableFuture.allOf(parts).whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        });
    }

    private void reassign() {
        if (reader != null) {
            reader.assign(
                    watched.stream().map(p -> new TopicPartition(topic, p)).toList());
        }
    }

    private void read() {
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
            ClaimKey key =
                    ClaimKey.parse(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
            Claim claim = ClaimCodec.decode(record.value());
            if (key == null || claim == null) {
                LOG.debug(
                        "skipping an unreadable claim at {}-{}@{}",
                        record.topic(),
                        record.partition(),
                        record.offset());
                continue;
            }
            claims.computeIfAbsent(key.partition(), tp -> new ConcurrentSkipListMap<>())
                    .put(key.offset(), new SeenClaim(claim, nanoClock.getAsLong()));
            changed = true;
        }
        if (changed) {
            onChange.run();
        }
    }

    private void checkBarriers() {
        boolean reached = false;
        for (var it = barriers.iterator(); it.hasNext(); ) {
            Barrier barrier = it.next();
            TopicPartition tp = new TopicPartition(topic, barrier.partition());
            if (ignoringWakeUps(() -> reader.position(tp)) >= barrier.endOffset()) {
                it.remove();
                barrier.done().complete(null);
                reached = true;
            }
        }
        if (reached) {
            onChange.run();
        }
    }

    /**
     * Forgets, every ten seconds, claims that ended twice their lease ago (running ones not renewed, releases that
     * left the record unfinished) and releases of finished records ten minutes old. A release of a finished record is
     * otherwise kept until its record is committed ({@link #forgetBelow}): read as "no claim", it would let the
     * record run again; after ten minutes its record has long been committed by whoever owns it, or the worker's
     * duplicate check (the results of the last --dedup-window) recognises it.
     */
    private void pruneNowAndThen() {
        long now = nanoClock.getAsLong();
        if (now - lastPruneNanos < TimeUnit.SECONDS.toNanos(10)) {
            return;
        }
        lastPruneNanos = now;
        long finishedKept = TimeUnit.MINUTES.toNanos(10);
        for (ConcurrentSkipListMap<Long, SeenClaim> ofPartition : claims.values()) {
            ofPartition
                    .values()
                    .removeIf(seen -> now - seen.seenNanos()
                            > (seen.claim().released() && seen.claim().finished()
                                    ? finishedKept
                                    : TimeUnit.MILLISECONDS.toNanos(
                                            2 * seen.claim().leaseMs())));
        }
    }

    /** A blocking call of the reader that a command's wake-up must not abort. */
    private static <T> T ignoringWakeUps(java.util.function.Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException wakeup) {
                // a command is waiting: it runs after this call
            }
        }
    }

    private Consumer<byte[], byte[]> endOffsetReader() {
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                consumerProperties.getProperty(ConsumerConfig.CLIENT_ID_CONFIG) + "-ends");
        return clients.consumer(props);
    }
}
