package io.hookstream.kafka;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's rebalance listener (called on its thread, inside a poll): a revoked partition commits what finished
 * before it goes; a lost one drops it all, since committing is no longer possible; an assigned one is taken over.
 */
final class LoopRebalance implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);

    private final LoopContext loop;
    private final LoopWork work;
    private final LoopCommit commit;
    private final LoopOwnership ownership;
    /** The partitions owned, for other threads. */
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());

    /**
     * A static member (group.instance.id) that has not rejoined once since its start. Rejoining as the same static
     * member gives back the assignment the group stored, without a rebalance; when the dead incarnation was killed
     * between the two rebalances of a cooperative hand-over (partitions revoked, not yet given to their new owner),
     * the stored assignment lacks them and nothing would ever assign them again (seen after a SIGKILL of the
     * standalone: half of the hook partitions owned by nobody). One rebalance asked for after the first assignment
     * lets the group's leader assign them; it moves nothing that is owned.
     */
    private boolean rejoinOnce;

    LoopRebalance(LoopContext loop, LoopWork work, LoopCommit commit, LoopOwnership ownership, boolean staticMember) {
        this.loop = loop;
        this.work = work;
        this.commit = commit;
        this.ownership = ownership;
        this.rejoinOnce = staticMember;
    }

    /** The partitions owned as of the last rebalance (any thread). */
    Set<TopicPartition> assignment() {
        return assignment.get();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (loop.leases != null) {
            revoked.forEach(loop.leases::forgetUnstarted); // claimed ahead there: released, not started now
        }
        work.applyCompletions();
        if (loop.leases != null) {
            revoked.forEach(loop.leases::forgetUnstarted); // not started: the new owner runs them
        }
        commit.commitIfDue(loop.consumer, true);
        ownership.giveUp(revoked);
        assignment.set(loop.partitions.owned());
        LOG.info(
                "loop {} revoked {}{}",
                loop.name(),
                revoked,
                loop.leases == null || loop.leases.orphans() == 0
                        ? ""
                        : "; " + loop.leases.orphans() + " records started here go on here until they finish");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        ownership.giveUp(lost);
        assignment.set(loop.partitions.owned());
        LOG.warn("loop {} lost {}", loop.name(), lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        if (!assigned.isEmpty()) {
            ownership.initialise(loop.consumer, assigned, false);
        }
        assignment.set(loop.partitions.owned());
        LOG.info("loop {} assigned {}", loop.name(), assigned);
        if (rejoinOnce) {
            rejoinOnce = false;
            loop.tasks.add(() -> {
                LOG.info(
                        "loop {} rejoins its group once, as every static member does after it starts: partitions a"
                                + " previous incarnation was handing over when it died get an owner again",
                        loop.name());
                loop.consumer.enforceRebalance("static member started: partitions left between two rebalances");
            });
        }
    }
}
