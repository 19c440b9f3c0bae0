package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.TopicScan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of the state topic from its beginning (read_committed: what the dispatchers committed),
 * on a thread of its own with a consumer of its own (assigned, no group), and feeds each record to the
 * {@link RunIndex}, from the first {@link #start()} on. {@link #caughtUp()} turns true once it has read what the
 * topic held when it started; until then a list would miss runs. From then on, what each poll changed goes to the
 * run stream and the activity counts. An error is logged and the follower starts again from the beginning a second later.
 */
final class StateFollower implements AutoCloseable, IndexGate.Index {

    private static final Logger LOG = LoggerFactory.getLogger(StateFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long EXPIRE_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Properties consumerProperties;
    private final String topic;
    private final RunIndex index;
    private final Consumer<List<RunChange>> changes;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean started;
    private volatile boolean caughtUp;
    private final CompletableFuture<Void> caughtUpFuture = new CompletableFuture<>();
    private volatile String problem;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** @param changes what each poll changed in the index once it has caught up, on the follower's thread */
    StateFollower(Properties clientProperties, String topic, RunIndex index, Consumer<List<RunChange>> changes) {
        this.consumerProperties = TopicScan.consumerProperties(clientProperties, "run-index");
        // fetches of up to a quarter second's snapshots rather than one fetch per transaction of the dispatchers:
        // the list is live within a second, and the broker and this thread do a fraction of the work under load
        this.consumerProperties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(1 << 20));
        this.consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "250");
        this.consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.topic = topic;
        this.index = index;
        this.changes = changes;
        this.thread = new Thread(this::run, "hookstream-run-index");
        this.thread.setDaemon(true);
    }

    /**
     * Starts following, once: the first list request starts it, so that a dispatcher nobody lists runs of reads
     * nothing more than it did before (reading every snapshot costs about a tenth of a flooded dispatcher's CPU).
     */
    @Override
    public void start() {
        synchronized (thread) {
            if (!started && running) {
                started = true;
                thread.start();
            }
        }
    }

    /** True once every run committed before the start has been read. */
    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Completes (on the follower's thread) once {@link #caughtUp()}. */
    @Override
    public CompletionStage<Void> whenCaughtUp() {
        return caughtUpFuture;
    }

    /** Why the follower is not reading right now, or null. */
    @Override
    public String problem() {
        return problem;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties)) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (!running) {
                    break; // closing: an interrupted poll
                }
                problem = e.toString();
                LOG.warn("run index: reading {} failed ({}); starting again in 1 s", topic, e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
        long started = System.nanoTime();
        long lastExpiry = started;
        problem = null;
        while (running) {
            // a run's snapshots of one fetch: only the last counts (under load a run's dispatch and outcome often
            // come together), so only that one is read
            Map<String, byte[]> latest = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                if (record.key() != null) {
                    String runId = new String(record.key(), StandardCharsets.UTF_8);
                    latest.remove(runId);
                    latest.put(runId, record.value());
                }
            }
            List<RunChange> changed = new ArrayList<>();
            latest.forEach((runId, snapshot) -> {
                RunChange change = index.apply(runId, snapshot);
                if (change != null) {
                    changed.add(change);
                }
            });
            if (caughtUp && !changed.isEmpty()) {
                changes.accept(changed);
            }
            if (!caughtUp && ends.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                caughtUp = true;
                caughtUpFuture.complete(null);
                LOG.info(
                        "run index: {} runs read from {} in {} ms; GET /v1/runs lists them",
                        index.size(),
                        topic,
                        (System.nanoTime() - started) / 1_000_000);
            }
            if (System.nanoTime() - lastExpiry > EXPIRE_EVERY_NANOS) {
                lastExpiry = System.nanoTime();
                index.expire();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (thread) {
            if (!started) {
                return;
            }
        }
        try {
            // the wakeup ends a poll, and the loop then closes its consumer; an interrupt now would break that close
            // (Kafka logs it as an error), so it is only for a thread still busy after a second (its retry pause)
            thread.join(1000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
