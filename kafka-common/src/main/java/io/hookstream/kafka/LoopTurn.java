package io.hookstream.kafka;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of the loop's thread while it runs: poll (no longer than the next commit or tick allows), queue what
 * was fetched, apply what finished and what was prepared, admit records, tick, pause or resume, commit if due.
 */
final class LoopTurn {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    private final LoopContext loop;
    private final LoopWork work;
    private final LoopCommit commit;
    private final LoopPacing pacing;
    private final LoopTicker ticker;

    LoopTurn(LoopContext loop, LoopWork work, LoopCommit commit, LoopPacing pacing, LoopTicker ticker) {
        this.loop = loop;
        this.work = work;
        this.commit = commit;
        this.pacing = pacing;
        this.ticker = ticker;
    }

    /** One turn: poll, apply what finished and was prepared, admit, tick, pause or resume, commit. */
    void iterate(Consumer<byte[], byte[]> kafka) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = kafka.poll(pollTimeout());
        } catch (WakeupException wakeup) {
            records = ConsumerRecords.empty();
        }
        work.polled();
        loop.runTasks();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!loop.partitions.offer(record)) {
                LOG.debug(
                        "loop {} skips {}-{}@{}: finished before or no longer owned",
                        loop.name(),
                        record.topic(),
                        record.partition(),
                        record.offset());
            }
        }
        work.applyCompletions();
        if (loop.leases != null) {
            checkClaimsWatch();
            work.stopExpiring();
            loop.leases.resolveDeferred().forEach(work::finishElsewhere);
        }
        work.admit();
        work.applyCompletions(); // records that finished at once go into this commit
        ticker.tickIfDue();
        pacing.adjustPause(kafka);
        commit.commitIfDue(kafka, false);
        pacing.measureLag(kafka, work.handedOut());
    }

    /** A loop whose claims watch failed cannot claim anything any more: it stops, saying why. */
    private void checkClaimsWatch() {
        Throwable watchFailure = loop.watch.failure();
        if (watchFailure instanceof org.apache.kafka.common.errors.AuthorizationException denied) {
            throw denied; // reported as such: the principal lacks an ACL on the claims topic
        }
        if (watchFailure != null) {
            throw new IllegalStateException(
                    "loop " + loop.name() + " cannot read claims any more: " + watchFailure, watchFailure);
        }
    }

    /**
     * The poll timeout, shortened so that finished work waits no longer than the commit interval and the next tick
     * is not late.
     */
    private Duration pollTimeout() {
        if (work.hasCompletions() || !loop.tasks.isEmpty()) {
            return Duration.ZERO;
        }
        long timeout = Math.min(loop.options.pollTimeout().toNanos(), ticker.nanosUntilDue());
        if (commit.pending()) {
            timeout = Math.min(timeout, commit.nanosUntilDue());
        }
        return timeout <= 0 ? Duration.ZERO : Duration.ofNanos(timeout);
    }
}
