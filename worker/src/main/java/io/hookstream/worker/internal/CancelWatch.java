package io.hookstream.worker.internal;

import io.hookstream.kafka.TopicScan;
import io.hookstream.kafka.signing.HookEventVerifier;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.Reasons;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the cancels topic on a thread of its own, with a consumer of its own (read_committed,
 * assigned, no group: every worker process reads every cancel), into {@link Cancellations}. It starts a look-back
 * window before now, so that a worker that starts, or takes over a partition, after a cancel still knows it. A
 * partition added to the topic later is read from its beginning. A cancel that fails the signature check (when
 * the worker requires signed hook events) is ignored with a warning; an expired signature is accepted, as an old
 * cancel can only stop a run that was cancelled. If the consumer fails (e.g. no Read ACL), {@link #failed()}
 * completes and the worker stops: a worker that cannot see cancels must not look healthy.
 */
public final class CancelWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CancelWatch.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long PARTITION_CHECK_NANOS = Duration.ofMinutes(1).toNanos();

    private final Properties consumerProperties;
    private final String topic;
    private final Duration lookBack;
    private final HookEventVerifier verifier;
    private final Cancellations cancellations;
    private final Clock clock;
    private final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param verifier checks each cancel's signature, or null when hook signing is off
     */
    public CancelWatch(
            Properties clientProperties,
            String topic,
            Duration lookBack,
            HookEventVerifier verifier,
            Cancellations cancellations,
            Clock clock) {
        this.consumerProperties = TopicScan.consumerProperties(clientProperties, "cancels");
        this.topic = topic;
        this.lookBack = lookBack;
        this.verifier = verifier;
        this.cancellations = cancellations;
        this.clock = clock;
        this.thread = new Thread(this::run, "hookstream-cancel-watch");
        this.thread.setDaemon(true);
    }

    public CancelWatch start() {
        thread.start();
        return this;
    }

    /** Completes with the cause when the watch stopped on an error; never while it runs or after a close. */
    public CompletionStage<Throwable> failed() {
        return failed;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumerProperties)) {
            consumer = reader;
            long lastCheck = System.nanoTime();
            assignNew(reader, true);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    handle(record);
                }
                if (System.nanoTime() - lastCheck > PARTITION_CHECK_NANOS) {
                    lastCheck = System.nanoTime();
                    assignNew(reader, false);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer = null;
        }
    }

    private void fail(Throwable e) {
        LOG.error(
                "the watch of {} stopped: this worker would not see cancels of runs; grant the worker Read on {}"
                        + " (docs/kafka-acls.md) and check the brokers",
                topic,
                topic,
                e);
        failed.complete(e);
    }

    /** Assigns the partitions not assigned yet; at start-up from the look-back window, later from the beginning. */
    private void assignNew(KafkaConsumer<byte[], byte[]> reader, boolean startUp) {
        List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
        }
        List<TopicPartition> all = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        List<TopicPartition> added =
                all.stream().filter(tp -> !reader.assignment().contains(tp)).toList();
        if (added.isEmpty()) {
            return;
        }
        reader.assign(all);
        if (!startUp) {
            reader.seekToBeginning(added);
            return;
        }
        long from = clock.millis() - lookBack.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        added.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = reader.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = reader.endOffsets(added, Duration.ofSeconds(30));
        for (TopicPartition tp : added) {
            OffsetAndTimestamp at = offsets.get(tp);
            reader.seek(tp, at == null ? ends.get(tp) : at.offset());
        }
        LOG.info(
                "watching {} for cancels of runs ({} partitions, from {} back)",
                topic,
                all.size(),
                GoDuration.format(lookBack));
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (verifier != null) {
            HookEventVerifier.Verdict verdict = verifier.verify(record);
            if (!verdict.valid() && !Reasons.SIGNATURE_EXPIRED.equals(verdict.reason())) {
                LOG.warn(
                        "cancel at {}-{}@{} ignored: {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        verdict.reason(),
                        verdict.message());
                return;
            }
        }
        CancelRequest cancel;
        try {
            cancel = record.value() == null ? null : Json.mapper().readValue(record.value(), CancelRequest.class);
        } catch (IOException | RuntimeException e) {
            cancel = null;
        }
        if (cancel == null || cancel.runId() == null) {
            LOG.warn(
                    "cancel at {}-{}@{} ignored: not a cancel of a run",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        if (cancellations.add(cancel)) {
            LOG.info("runId={} {}", cancel.runId(), cancel.describe());
        }
    }

    /** Stops the watch; its thread closes the consumer as it ends. Never blocks. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
