package io.hookstream.kafka;

import io.hookstream.kafka.internal.KeyedPartition;
import io.hookstream.kafka.internal.claims.Leases;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records to the processor and back: admits records up to the in-flight bound, hands out those whose key is free
 * (with claims: claims them first), and finishes them in their partition when their stage completes, which hands
 * out the next record of the key. Stages complete on any thread; their results are applied on the loop's thread.
 */
final class LoopWork {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    private record Completion(
            KeyedPartition partition,
            TopicPartition tp,
            ConsumerRecord<byte[], byte[]> record,
            Processed<Object> processed) {}

    private final LoopContext loop;
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handedOut = new AtomicInteger();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    LoopWork(LoopContext loop) {
        this.loop = loop;
    }

    /** Records handed to the processor and not finished (any thread). */
    int handedOut() {
        return handedOut.get();
    }

    boolean hasCompletions() {
        return !completions.isEmpty();
    }

    /** The consumer was polled: completions queued from now on wake the next poll. */
    void polled() {
        wakeUpPending.set(false);
    }

    /** Admits incoming records of ready partitions, round robin, while fewer than the bound are held. */
    void admit() {
        int held = loop.held();
        int bound = loop.admissionBound();
        boolean progress = true;
        while (progress && held < bound) {
            progress = false;
            for (Map.Entry<TopicPartition, KeyedPartition> entry :
                    loop.partitions.all().entrySet()) {
                KeyedPartition partition = entry.getValue();
                if (held < bound && partition.ready() && partition.hasIncoming() && partition.canAdmit()) {
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
        if (loop.leases == null) {
            hand(partition, tp, record);
            return;
        }
        if (loop.leases.admitted(partition, record) == Leases.Admission.FINISHED_ELSEWHERE) {
            finishElsewhere(record);
        }
    }

    /** Another holder finished {@code record} and committed its outputs: finish it here without work. */
    void finishElsewhere(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        KeyedPartition partition = loop.partitions.get(tp);
        LOG.info(
                "loop {}: {}-{}@{} was finished by the consumer that ran it before its partition moved here",
                loop.name(),
                record.topic(),
                record.partition(),
                record.offset());
        loop.processor.onFinishedElsewhere(record);
        ConsumerRecord<byte[], byte[]> next = partition.finish(record, Processed.none());
        if (next != null && !loop.draining) {
            start(tp, partition, next);
        }
    }

    /** Slots for more work: the in-flight bound less the records handed out and not finished. */
    int freeSlots() {
        return Math.max(0, loop.options.maxInFlight() - handedOut.get());
    }

    /** Hands claimed records (their claims committed) to the processor, in their partitions. */
    void handAll(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            hand(loop.partitions.get(tp), tp, record);
        }
    }

    /** Hands {@code record} to the processor; its stage's outcome is queued for the loop's thread. */
    void hand(KeyedPartition partition, TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        handedOut.incrementAndGet();
        CompletionStage<Processed<Object>> stage;
        try {
            stage = loop.processor.process(record);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((processed, error) -> {
            if (error != null) {
                LOG.error(
                        "processing {}-{}@{} failed unexpectedly; it finishes with no output",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        error);
            }
            Processed<Object> written = error == null && processed != null
                    ? loop.sizeGuard.guard(processed, problem -> tooLarge(record, processed, problem))
                    : Processed.none();
            // queued before it stops counting as handed out: a drain that sees none handed out any more must find
            // every completion queued, or its last commit would leave this one out
            completions.add(new Completion(partition, tp, record, written));
            handedOut.decrementAndGet();
            if (Thread.currentThread() != loop.loopThread && wakeUpPending.compareAndSet(false, true)) {
                loop.wakeUp(); // one wake-up per poll: the loop takes every queued completion when it wakes
            }
        });
    }

    /** An output too large to write would fail every later transaction: the processor's replacement instead. */
    private Processed<Object> tooLarge(
            ConsumerRecord<byte[], byte[]> record, Processed<Object> rejected, String problem) {
        LOG.error("loop {}: {}-{}@{}: {}", loop.name(), record.topic(), record.partition(), record.offset(), problem);
        try {
            return loop.processor.onOutputTooLarge(record, rejected, problem);
        } catch (RuntimeException e) {
            LOG.error(
                    "loop {}: no replacement for the outputs of {}-{}@{}",
                    loop.name(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e);
            return Processed.none();
        }
    }

    /** On the loop's thread: finishes the records whose stages completed, and starts the next of their keys. */
    void applyCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            KeyedPartition partition = completion.partition();
            if (loop.leases != null) {
                Leases.Outcome outcome = loop.leases.completed(completion.record(), completion.processed());
                if (outcome.fate() != Leases.Fate.OWNED) {
                    continue; // released with its claim, or discarded (its work was stopped)
                }
                partition = outcome.partition();
            }
            if (loop.partitions.get(completion.tp()) != partition) {
                continue; // the partition was revoked or reset since: its new owner processes the record again
            }
            ConsumerRecord<byte[], byte[]> next = partition.finish(completion.record(), completion.processed());
            if (next != null && !loop.draining) {
                start(completion.tp(), partition, next);
            }
        }
        if (loop.leases != null && !loop.draining && loop.leases.ready() > 0) {
            handAll(loop.leases.start(freeSlots())); // claimed ahead: they take the slots just freed
        }
    }

    /** Work whose claim could not be renewed in time is stopped before any other loop may take it over. */
    void stopExpiring() {
        for (ConsumerRecord<byte[], byte[]> record : loop.leases.expiring()) {
            LOG.warn(
                    "loop {}: could not renew the claim on {}-{}@{} for most of its lease ({}); stopping its work"
                            + " so that it never runs twice",
                    loop.name(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    loop.options.claims().lease());
            abort(record, TransactionalProcessor.LEASE_LOST);
        }
    }

    CompletionStage<Void> abort(ConsumerRecord<byte[], byte[]> record, String reason) {
        try {
            return loop.processor.abort(record, reason);
        } catch (RuntimeException e) {
            LOG.error(
                    "loop {}: stopping the work of {}-{}@{} failed",
                    loop.name(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e);
            return CompletableFuture.failedFuture(e);
        }
    }
}
