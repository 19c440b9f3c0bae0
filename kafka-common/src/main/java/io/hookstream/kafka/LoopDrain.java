package io.hookstream.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's stop, on its thread: no new record starts; records handed out may finish until the drain deadline;
 * with claims, work still running then is stopped and its claim released; what finished is committed.
 */
final class LoopDrain {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);
    /** How long stopped work may take to end and have its claim released. */
    private static final Duration ABORT_TIME = Duration.ofSeconds(30);

    private final LoopContext loop;
    private final LoopWork work;
    private final LoopCommit commit;

    LoopDrain(LoopContext loop, LoopWork work, LoopCommit commit) {
        this.loop = loop;
        this.work = work;
        this.commit = commit;
    }

    void drain(Consumer<byte[], byte[]> kafka, long deadlineNanos) {
        loop.draining = true;
        kafka.pause(kafka.assignment());
        if (loop.leases != null) {
            loop.leases.forgetAllUnstarted(); // nothing new starts; those records go to the partitions' next owners
        }
        drainUntil(kafka, deadlineNanos);
        if (loop.leases != null && work.handedOut() > 0) {
            List<ConsumerRecord<byte[], byte[]>> stopping = loop.leases.abortAll();
            LOG.warn(
                    "loop {} stopping: {} records still running after the drain time; stopping their work and"
                            + " releasing their claims",
                    loop.name(),
                    stopping.size());
            for (ConsumerRecord<byte[], byte[]> record : stopping) {
                work.abort(record, TransactionalProcessor.STOPPING).whenComplete((v, e) -> {
                    if (e == null) {
                        loop.tasks.add(() -> loop.leases.releaseUnfinished(record));
                    }
                    loop.wakeUp();
                });
            }
            drainUntil(kafka, System.nanoTime() + ABORT_TIME.toNanos());
            loop.runTasks();
        }
        work.applyCompletions();
        if (work.handedOut() > 0) {
            LOG.warn(
                    "loop {} stopping with {} records unfinished; they will be processed again",
                    loop.name(),
                    work.handedOut());
        }
        commit.commitIfDue(kafka, true);
    }

    private void drainUntil(Consumer<byte[], byte[]> kafka, long deadlineNanos) {
        while (work.handedOut() > 0 && System.nanoTime() < deadlineNanos) {
            try {
                kafka.poll(loop.options.pollTimeout());
            } catch (WakeupException ignored) {
                // a completion woke us: go on draining
            }
            loop.runTasks();
            work.applyCompletions();
            if (loop.leases != null) {
                work.stopExpiring();
            }
            commit.commitIfDue(kafka, false);
        }
    }
}
