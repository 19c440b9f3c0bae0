package io.hookstream.kafka.internal.claims;

import io.hookstream.kafka.Processed;
import io.hookstream.kafka.internal.KeyedPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The claims of one loop, on the loop's thread: which records it is about to claim, runs, defers because another
 * holder's claim on them is live, or still finishes after their partition moved away ("orphans": work that had
 * started, which the loop keeps running and whose outputs it commits together with a release of the claim, without
 * the partition's offsets). A record's work starts only once its claim is committed in a transaction that also
 * carries its partition's offset (so a loop that lost its group generation cannot claim anything); while it runs
 * the claim is renewed every third of the lease; a loop that could not renew it for five sixths of the lease stops
 * the work itself, before any other loop may take the record over.
 */
public final class Leases {

    /** Where a record's work stands. */
    enum State {
        TO_CLAIM,
        CLAIMING,
        /** Claimed (the claim committed), waiting for a free slot to start. */
        READY,
        RUNNING,
        DEFERRED,
        ABORTING
    }

    /** One claimed (or to be claimed, or deferred) record. */
    static final class Work {
        final ClaimKey key;
        final ConsumerRecord<byte[], byte[]> record;
        /** The partition's state while this loop owns it; null once the partition moved away (an orphan). */
        KeyedPartition partition;

        State state;
        long leaseStartNanos;
        long lastRenewalNanos;
        boolean renewalInTransaction;

        Work(ClaimKey key, ConsumerRecord<byte[], byte[]> record, KeyedPartition partition, State state) {
            this.key = key;
            this.record = record;
            this.partition = partition;
            this.state = state;
        }
    }

    /** A claim to give back, with what the work produced when it finished. */
    private record Release(
            ClaimKey key, ConsumerRecord<byte[], byte[]> record, Processed<?> processed, boolean finished) {}

    /** What the loop does with a record it admitted. */
    public enum Admission {
        /** Its claim goes into the next transaction; the work starts when that commits. */
        CLAIM,
        /** Another holder's claim is live: wait. */
        DEFER,
        /** Another holder finished it and committed its outputs: finish it without work. */
        FINISHED_ELSEWHERE
    }

    /** What the loop does with a finished record's outputs. */
    public enum Fate {
        /** Its partition is owned: finish it there and commit the outputs with the offset. */
        OWNED,
        /** An orphan: the outputs go out with the claim's release, without offsets. */
        RELEASED,
        /** Its work was stopped because the lease could not be renewed: the outputs are discarded. */
        DISCARDED
    }

    /** A finished record's fate, and for {@link Fate#OWNED} the partition state to finish it in. */
    public record Outcome(Fate fate, KeyedPartition partition) {}

    private final String topic;
    private final Duration lease;
    private final String holder;
    private final ProcessIdentity identity;
    private final ClaimLookup claims;
    private final LongSupplier nanoClock;
    private final Map<ClaimKey, Work> work = new LinkedHashMap<>();
    private final List<Release> releases = new ArrayList<>();
    private final List<Release> releasesInTransaction = new ArrayList<>();
    private volatile int deferred;
    private volatile int orphans;
    private volatile int ready;

    public Leases(
            String topic,
            Duration lease,
            String holder,
            ProcessIdentity identity,
            ClaimLookup claims,
            LongSupplier nanoClock) {
        this.topic = topic;
        this.lease = lease;
        this.holder = holder;
        this.identity = identity;
        this.claims = claims;
        this.nanoClock = nanoClock;
    }

    public String holder() {
        return holder;
    }

    /** Decides about a record just admitted in an owned partition (its key is free). */
    public Admission admitted(KeyedPartition partition, ConsumerRecord<byte[], byte[]> record) {
        ClaimKey key = ClaimKey.of(record);
        Work orphan = work.get(key);
        if (orphan != null && orphan.partition == null) {
            // the partition came back (after a fence) while this loop still runs the record: it is owned again
            orphan.partition = partition;
            count();
            return Admission.DEFER;
        }
        Admission admission = judge(key, null);
        if (admission != Admission.FINISHED_ELSEWHERE) {
            work.put(
                    key,
                    new Work(key, record, partition, admission == Admission.CLAIM ? State.TO_CLAIM : State.DEFERRED));
        }
        count();
        return admission;
    }

    /**
     * Looks at every deferred record again: those whose blocking claim ended become TO_CLAIM; those finished
     * elsewhere are returned (the caller finishes them in their partition).
     */
    public List<ConsumerRecord<byte[], byte[]>> resolveDeferred() {
        if (deferred == 0) {
            return List.of();
        }
        List<ConsumerRecord<byte[], byte[]>> finishedElsewhere = new ArrayList<>();
        for (Iterator<Work> it = work.values().iterator(); it.hasNext(); ) {
            Work w = it.next();
            if (w.state != State.DEFERRED) {
                continue;
            }
            Admission admission = judge(w.key, w);
            if (admission == Admission.CLAIM) {
                w.state = State.TO_CLAIM;
            } else if (admission == Admission.FINISHED_ELSEWHERE) {
                it.remove();
                finishedElsewhere.add(w.record);
            }
        }
        count();
        return finishedElsewhere;
    }

    private Admission judge(ClaimKey key, Work self) {
        SeenClaim seen = claims.latest(key);
        if (seen == null) {
            return Admission.CLAIM;
        }
        Claim claim = seen.claim();
        if (claim.released()) {
            return claim.finished() ? Admission.FINISHED_ELSEWHERE : Admission.CLAIM;
        }
        boolean expired = seen.expired(nanoClock.getAsLong());
        if (claim.holder().equals(holder)) {
            // our own claim on a record whose work was stopped: wait until every reader sees it expired
            return expired ? Admission.CLAIM : Admission.DEFER;
        }
        return expired || identity.holderGone(claim) ? Admission.CLAIM : Admission.DEFER;
    }

    /**
     * Works whose lease could not be renewed in time: the caller stops them now. They become ABORTING. Claimed works
     * that had not started yet are not returned: they wait, DEFERRED, for their own claim to expire.
     */
    public List<ConsumerRecord<byte[], byte[]>> expiring() {
        long now = nanoClock.getAsLong();
        long limit = lease.toNanos() - lease.toNanos() / 6;
        List<ConsumerRecord<byte[], byte[]>> expiring = new ArrayList<>();
        for (Work w : work.values()) {
            if (w.state == State.RUNNING && now - w.leaseStartNanos > limit) {
                w.state = State.ABORTING;
                expiring.add(w.record);
            } else if (w.state == State.READY && now - w.leaseStartNanos > limit) {
                w.state = State.DEFERRED;
            }
        }
        count();
        return expiring;
    }

    /** True when the next transaction has something to write: claims, renewals due or releases. */
    public boolean hasWrites() {
        if (!releases.isEmpty()) {
            return true;
        }
        long renewAfter = lease.toNanos() / 3;
        long now = nanoClock.getAsLong();
        for (Work w : work.values()) {
            if (w.state == State.TO_CLAIM || (holdsClaim(w) && now - w.lastRenewalNanos > renewAfter)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The records of the next transaction: new claims (their works become CLAIMING), renewals that are due, and
     * releases with the outputs of finished orphans. {@code fencedPartitions} receives the partitions of new
     * claims, whose offsets the transaction must carry.
     */
    public List<ProducerRecord<byte[], byte[]>> writes(Set<TopicPartition> fencedPartitions) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        long now = nanoClock.getAsLong();
        long renewAfter = lease.toNanos() / 3;
        for (Work w : work.values()) {
            if (w.state == State.TO_CLAIM) {
                w.state = State.CLAIMING;
                fencedPartitions.add(w.key.partition());
                out.add(claimRecord(w.key, w.record, Claim.RUNNING, false));
            } else if (holdsClaim(w) && now - w.lastRenewalNanos > renewAfter) {
                w.renewalInTransaction = true;
                w.lastRenewalNanos = now;
                out.add(claimRecord(w.key, w.record, Claim.RUNNING, false));
            }
        }
        for (Release release : releases) {
            out.addAll(release.processed().outputs());
            out.add(claimRecord(release.key(), release.record(), Claim.RELEASED, release.finished()));
        }
        releasesInTransaction.addAll(releases);
        releases.clear();
        return out;
    }

    /** True when the transaction being written carries new claims (it must be ordered before their start). */
    public boolean claimsInTransaction() {
        return work.values().stream().anyMatch(w -> w.state == State.CLAIMING);
    }

    /** The non-null tokens of the finished work whose release the transaction being written carries, in order. */
    public List<Object> tokensInTransaction() {
        List<Object> tokens = new ArrayList<>();
        for (Release release : releasesInTransaction) {
            if (release.processed().token() != null) {
                tokens.add(release.processed().token());
            }
        }
        return tokens;
    }

    /**
     * The transaction begun at {@code beganNanos} committed: claimed works are ready to start, renewed leases count
     * from then, releases are done. Returns the works to start now, the oldest ready first, at most {@code slots}.
     */
    public List<ConsumerRecord<byte[], byte[]>> committed(long beganNanos, int slots) {
        for (Work w : work.values()) {
            if (w.state == State.CLAIMING) {
                w.state = State.READY;
                w.leaseStartNanos = beganNanos;
                w.lastRenewalNanos = beganNanos;
            } else if (w.renewalInTransaction) {
                w.renewalInTransaction = false;
                w.leaseStartNanos = beganNanos;
            }
        }
        releasesInTransaction.clear();
        count();
        return start(slots);
    }

    /** {@link #committed(long, int)} with a slot for every claimed work. */
    public List<ConsumerRecord<byte[], byte[]>> committed(long beganNanos) {
        return committed(beganNanos, Integer.MAX_VALUE);
    }

    /** Starts claimed works waiting for a slot, the oldest first, at most {@code slots}: they become RUNNING. */
    public List<ConsumerRecord<byte[], byte[]>> start(int slots) {
        List<ConsumerRecord<byte[], byte[]>> start = new ArrayList<>();
        if (ready == 0) {
            return start;
        }
        for (Work w : work.values()) {
            if (start.size() >= slots) {
                break;
            }
            if (w.state == State.READY) {
                w.state = State.RUNNING;
                start.add(w.record);
            }
        }
        count();
        return start;
    }

    /** The transaction was aborted or failed: what it carried is written again with the next one. */
    public void aborted() {
        for (Work w : work.values()) {
            if (w.state == State.CLAIMING) {
                w.state = State.TO_CLAIM;
            }
            if (w.renewalInTransaction) {
                w.renewalInTransaction = false;
                w.lastRenewalNanos = w.leaseStartNanos;
            }
        }
        releases.addAll(0, releasesInTransaction);
        releasesInTransaction.clear();
    }

    /** A record's work finished with {@code processed}: what becomes of it. */
    public Outcome completed(ConsumerRecord<byte[], byte[]> record, Processed<?> processed) {
        ClaimKey key = ClaimKey.of(record);
        Work w = work.get(key);
        if (w == null || (w.state != State.RUNNING && w.state != State.ABORTING)) {
            return new Outcome(Fate.DISCARDED, null);
        }
        Outcome outcome;
        if (w.state == State.ABORTING) {
            if (w.partition == null) {
                work.remove(key);
            } else {
                w.state = State.DEFERRED; // our claim runs out; then the record is claimed and run again
            }
            outcome = new Outcome(Fate.DISCARDED, null);
        } else if (w.partition == null) {
            work.remove(key);
            releases.add(new Release(key, record, processed, true));
            outcome = new Outcome(Fate.RELEASED, null);
        } else {
            work.remove(key);
            outcome = new Outcome(Fate.OWNED, w.partition);
        }
        count();
        return outcome;
    }

    /**
     * Forgets the works of {@code partition} that have not started (the partition is going; others run them). Those
     * claimed already are released unfinished with the next transaction, so that the next owner need not wait for
     * the lease.
     */
    public void forgetUnstarted(TopicPartition partition) {
        forgetUnstartedWhere(w -> w.key.partition().equals(partition) && w.partition != null);
    }

    /** Forgets every work that has not started (the loop is stopping and starts nothing new), as above. */
    public void forgetAllUnstarted() {
        forgetUnstartedWhere(w -> true);
    }

    private void forgetUnstartedWhere(Predicate<Work> which) {
        for (Iterator<Work> it = work.values().iterator(); it.hasNext(); ) {
            Work w = it.next();
            if (!which.test(w)) {
                continue;
            }
            if (w.state == State.TO_CLAIM || w.state == State.DEFERRED) {
                it.remove();
            } else if (w.state == State.READY) {
                it.remove();
                releases.add(new Release(w.key, w.record, Processed.none(), false));
            }
        }
        count();
    }

    /**
     * {@code partition} moved away (revoked, lost, or this loop was fenced). Works that had not started are
     * forgotten (the new owner runs them); started ones become orphans; {@code finishedUncommitted} (records that
     * finished but whose outputs are not committed) are released with their outputs (and tokens).
     */
    public void orphan(TopicPartition partition, List<KeyedPartition.Finished> finishedUncommitted) {
        for (Iterator<Work> it = work.values().iterator(); it.hasNext(); ) {
            Work w = it.next();
            if (!w.key.partition().equals(partition) || w.partition == null) {
                continue;
            }
            switch (w.state) {
                case TO_CLAIM, CLAIMING, DEFERRED -> it.remove();
                case READY -> {
                    it.remove();
                    releases.add(new Release(w.key, w.record, Processed.none(), false));
                }
                case RUNNING, ABORTING -> w.partition = null;
            }
        }
        for (KeyedPartition.Finished finished : finishedUncommitted) {
            releases.add(new Release(ClaimKey.of(finished.record()), finished.record(), finished.processed(), true));
        }
        count();
    }

    /** Gives back the claim of a record whose work was stopped and has ended, so another loop may run it at once. */
    public void releaseUnfinished(ConsumerRecord<byte[], byte[]> record) {
        releases.add(new Release(ClaimKey.of(record), record, Processed.none(), false));
    }

    /** Works running (owned or orphaned), for stopping them all. They become ABORTING. */
    public List<ConsumerRecord<byte[], byte[]>> abortAll() {
        List<ConsumerRecord<byte[], byte[]>> running = new ArrayList<>();
        for (Work w : work.values()) {
            if (w.state == State.RUNNING) {
                w.state = State.ABORTING;
                running.add(w.record);
            }
        }
        return running;
    }

    /** Works of this loop that were started and have not finished, orphans included. */
    public int started() {
        return (int) work.values().stream()
                .filter(w -> w.state == State.RUNNING || w.state == State.ABORTING)
                .count();
    }

    /** Claimed works waiting for a slot to start. */
    public int ready() {
        return ready;
    }

    /** Records waiting for another holder's claim to end. */
    public int deferred() {
        return deferred;
    }

    /** Started works whose partition moved away and that this loop still finishes. */
    public int orphans() {
        return orphans;
    }

    /** Partitions (numbers) that orphans or pending releases belong to. */
    public Set<TopicPartition> orphanPartitions() {
        Set<TopicPartition> partitions = new HashSet<>();
        work.values().stream().filter(w -> w.partition == null).forEach(w -> partitions.add(w.key.partition()));
        return partitions;
    }

    public boolean idle() {
        return work.isEmpty() && releases.isEmpty() && releasesInTransaction.isEmpty();
    }

    private void count() {
        int d = 0;
        int o = 0;
        int r = 0;
        for (Work w : work.values()) {
            if (w.state == State.DEFERRED) {
                d++;
            } else if (w.state == State.READY) {
                r++;
            }
            if (w.partition == null) {
                o++;
            }
        }
        deferred = d;
        orphans = o;
        ready = r;
    }

    /** A claim of this holder that is live in the log: renewed while the work waits to start or runs. */
    private static boolean holdsClaim(Work w) {
        return w.state == State.RUNNING || w.state == State.READY;
    }

    private ProducerRecord<byte[], byte[]> claimRecord(
            ClaimKey key, ConsumerRecord<byte[], byte[]> record, String state, boolean finished) {
        Claim claim = new Claim(
                key.toString(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                cloudEventId(record),
                holder,
                identity.host(),
                identity.machine(),
                identity.pid(),
                identity.processStart(),
                state,
                finished,
                lease.toMillis(),
                Instant.now().toString());
        return new ProducerRecord<>(
                topic,
                key.partition().partition(),
                key.toString().getBytes(StandardCharsets.UTF_8),
                ClaimCodec.encode(claim));
    }

    private static String cloudEventId(ConsumerRecord<byte[], byte[]> record) {
        Header id = record.headers().lastHeader("ce_id");
        return id == null || id.value() == null ? null : new String(id.value(), StandardCharsets.UTF_8);
    }
}
