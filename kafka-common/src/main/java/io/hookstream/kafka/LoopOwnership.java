package io.hookstream.kafka;

import io.hookstream.kafka.internal.KeyedPartition;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Taking partitions over and giving them up, on the loop's thread: a partition taken over is held back until the
 * processor (and, with claims, the claims watch) has prepared it; a partition given up drops its unfinished work
 * (with claims, started work goes on as handed-over work).
 */
final class LoopOwnership {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    private final LoopContext loop;

    LoopOwnership(LoopContext loop) {
        this.loop = loop;
    }

    /** Partitions this loop no longer owns: with claims, started work becomes handed-over work. */
    void giveUp(Collection<TopicPartition> gone) {
        if (loop.leases != null) {
            for (TopicPartition tp : gone) {
                KeyedPartition partition = loop.partitions.get(tp);
                loop.leases.forgetUnstarted(tp);
                loop.leases.orphan(tp, partition == null ? List.of() : partition.takeUncommitted());
            }
        }
        drop(gone);
    }

    private void drop(Collection<TopicPartition> dropped) {
        Set<Integer> unused = loop.partitions.remove(dropped);
        if (!dropped.isEmpty()) {
            loop.processor.onDropped(dropped);
        }
        if (loop.watch != null && !unused.isEmpty()) {
            loop.watch.unwatch(unused);
        }
    }

    /**
     * Takes over {@code assigned} and holds their records back until they are prepared: the processor's state
     * read, and (with claims) every claim on these partitions.
     */
    void initialise(
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> kafka,
            Collection<TopicPartition> assigned,
            boolean seek) {
        Map<TopicPartition, KeyedPartition> epoch = loop.partitions.take(kafka, assigned, seek);
        CompletableFuture<Void> claimsRead = CompletableFuture.completedFuture(null);
        if (loop.watch != null) {
            Set<Integer> numbers = new HashSet<>();
            assigned.forEach(tp -> numbers.add(tp.partition()));
            claimsRead = loop.watch.watch(numbers);
        }
        CompletionStage<Consumer<Collection<TopicPartition>>> prepared;
        try {
            prepared = loop.processor.prepare(List.copyOf(assigned));
        } catch (RuntimeException e) {
            prepared = CompletableFuture.failedFuture(e);
        }
        claimsRead.thenCombine(prepared, (read, apply) -> apply).whenComplete((apply, error) -> {
            loop.tasks.add(() -> prepared(epoch, apply, error));
            loop.wakeUp();
        });
    }

    /** On the loop's thread: the preparation of {@code epoch}'s partitions ended; those still owned start. */
    private void prepared(
            Map<TopicPartition, KeyedPartition> epoch, Consumer<Collection<TopicPartition>> apply, Throwable error) {
        List<TopicPartition> still = loop.partitions.stillOwned(epoch);
        if (still.isEmpty()) {
            return; // revoked or reset meanwhile
        }
        if (error != null) {
            throw new IllegalStateException(
                    "loop " + loop.name() + " could not prepare partitions " + still + ": " + error.getMessage(),
                    error);
        }
        apply.accept(still);
        still.forEach(tp -> loop.partitions.get(tp).markReady());
        LOG.info("loop {} ready on {}", loop.name(), still);
    }
}
