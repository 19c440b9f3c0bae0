package io.hookstream.kafka.internal.claims;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.Processed;
import io.hookstream.kafka.internal.KeyedPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LeasesTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final TopicPartition TP = new TopicPartition("hooks", 2);
    private static final ProcessIdentity ME = new ProcessIdentity("host-a", "boot/pid:[1]", 100, 1_000);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Map<ClaimKey, SeenClaim> seen = new HashMap<>();
    private final Leases leases = new Leases("claims", LEASE, "worker-1/worker-0#me", ME, seen::get, now::get);
    private final KeyedPartition partition = new KeyedPartition(0, new TreeSet<>());

    @Test
    void aRecordNobodyClaimedIsClaimedAndStartsOnlyOnceTheClaimCommitted() {
        ConsumerRecord<byte[], byte[]> record = admit(5);
        assertThat(leases.admitted(partition, record)).isEqualTo(Leases.Admission.CLAIM);
        assertThat(leases.hasWrites()).isTrue();

        Set<TopicPartition> fenced = new HashSet<>();
        List<ProducerRecord<byte[], byte[]>> writes = leases.writes(fenced);

        assertThat(fenced)
                .as("partitions whose offsets the claim's transaction carries")
                .containsExactly(TP);
        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w.topic()).isEqualTo("claims");
            assertThat(w.partition()).isEqualTo(2);
            assertThat(new String(w.key(), StandardCharsets.UTF_8)).isEqualTo("hooks/2/5");
            Claim claim = ClaimCodec.decode(w.value());
            assertThat(claim.state()).isEqualTo(Claim.RUNNING);
            assertThat(claim.holder()).isEqualTo("worker-1/worker-0#me");
            assertThat(claim.id()).isEqualTo("hook-5");
            assertThat(claim.leaseMs()).isEqualTo(30_000);
            assertThat(claim.pid()).isEqualTo(100);
        });
        assertThat(leases.claimsInTransaction()).isTrue();
        assertThat(leases.committed(now.get())).containsExactly(record);
        assertThat(leases.started()).isEqualTo(1);
    }

    @Test
    void anAbortedTransactionClaimsAgainWithTheNextOne() {
        leases.admitted(partition, admit(5));
        leases.writes(new HashSet<>());
        leases.aborted();

        assertThat(leases.hasWrites()).isTrue();
        assertThat(leases.writes(new HashSet<>())).hasSize(1);
        assertThat(leases.committed(now.get())).hasSize(1);
    }

    @Test
    void aRecordAnotherLiveHolderClaimedWaitsUntilItIsReleasedFinishedThenFinishesWithoutWork() {
        ConsumerRecord<byte[], byte[]> record = admit(7);
        claimedBy("worker-2/worker-1#other", record, Claim.RUNNING, false);

        assertThat(leases.admitted(partition, record)).isEqualTo(Leases.Admission.DEFER);
        assertThat(leases.deferred()).isEqualTo(1);
        assertThat(leases.resolveDeferred()).isEmpty();
        assertThat(leases.hasWrites())
                .as("nothing to claim while another holder runs it")
                .isFalse();

        claimedBy("worker-2/worker-1#other", record, Claim.RELEASED, true);
        assertThat(leases.resolveDeferred()).containsExactly(record);
        assertThat(leases.deferred()).isZero();
        assertThat(leases.idle()).isTrue();
    }

    @Test
    void aRecordReleasedUnfinishedIsClaimedAtOnce() {
        ConsumerRecord<byte[], byte[]> record = admit(7);
        claimedBy("worker-2/worker-1#other", record, Claim.RUNNING, false);
        leases.admitted(partition, record);

        claimedBy("worker-2/worker-1#other", record, Claim.RELEASED, false);

        assertThat(leases.resolveDeferred()).isEmpty();
        assertThat(leases.writes(new HashSet<>())).hasSize(1);
        assertThat(leases.committed(now.get())).containsExactly(record);
    }

    @Test
    void aClaimNotRenewedForItsLeaseOnTheReadersClockExpires() {
        ConsumerRecord<byte[], byte[]> record = admit(7);
        claimedBy("worker-2/worker-1#other", record, Claim.RUNNING, false);
        leases.admitted(partition, record);

        now.addAndGet(LEASE.toNanos());
        leases.resolveDeferred();
        assertThat(leases.deferred()).as("at exactly one lease").isEqualTo(1);

        now.addAndGet(1);
        leases.resolveDeferred();
        assertThat(leases.deferred()).isZero();
        assertThat(leases.writes(new HashSet<>())).hasSize(1);
    }

    @Test
    void aClaimWhoseHolderProcessIsGoneFromThisMachineEndsAtOnce() {
        ConsumerRecord<byte[], byte[]> record = admit(7);
        Claim claim = new Claim(
                "hooks/2/7",
                null,
                null,
                "worker-2/worker-1#other",
                "host-a",
                ME.machine(),
                Long.MAX_VALUE / 2,
                1L,
                Claim.RUNNING,
                false,
                LEASE.toMillis(),
                "now");
        seen.put(ClaimKey.of(record), new SeenClaim(claim, now.get()));

        assertThat(leases.admitted(partition, record)).isEqualTo(Leases.Admission.CLAIM);
    }

    @Test
    void aClaimOfAnotherMachineHoldsForItsLeaseEvenIfItsPidIsFreeHere() {
        ConsumerRecord<byte[], byte[]> record = admit(7);
        Claim claim = new Claim(
                "hooks/2/7",
                null,
                null,
                "worker-2/worker-1#other",
                "host-b",
                "other-boot/pid:[1]",
                Long.MAX_VALUE / 2,
                1L,
                Claim.RUNNING,
                false,
                LEASE.toMillis(),
                "now");
        seen.put(ClaimKey.of(record), new SeenClaim(claim, now.get()));

        assertThat(leases.admitted(partition, record)).isEqualTo(Leases.Admission.DEFER);
    }

    @Test
    void runningWorkIsRenewedEveryThirdOfTheLease() {
        start(admit(5));

        now.addAndGet(LEASE.toNanos() / 3);
        assertThat(leases.hasWrites()).isFalse();
        now.addAndGet(1);
        assertThat(leases.hasWrites()).isTrue();
        List<ProducerRecord<byte[], byte[]>> renewal = leases.writes(new HashSet<>());
        assertThat(renewal)
                .singleElement()
                .satisfies(w -> assertThat(ClaimCodec.decode(w.value()).state()).isEqualTo(Claim.RUNNING));
        assertThat(leases.committed(now.get())).as("a renewal starts nothing").isEmpty();
    }

    @Test
    void workWhoseClaimCouldNotBeRenewedForFiveSixthsOfTheLeaseIsStoppedAndWaitsForItsOwnClaimToExpire() {
        ConsumerRecord<byte[], byte[]> record = admit(5);
        long began = now.get();
        start(record);
        seen.put(ClaimKey.of(record), new SeenClaim(ClaimCodec.decode(leasesClaim(record)), began));

        now.set(began + LEASE.toNanos() * 5 / 6);
        assertThat(leases.expiring()).isEmpty();
        now.addAndGet(1);
        assertThat(leases.expiring()).containsExactly(record);

        Leases.Outcome outcome = leases.completed(record, Processed.of(List.of(output("late result"))));
        assertThat(outcome.fate()).as("the stopped work's outputs").isEqualTo(Leases.Fate.DISCARDED);
        assertThat(leases.deferred()).isEqualTo(1);
        leases.resolveDeferred();
        assertThat(leases.hasWrites())
                .as("our own claim has not run out for other readers yet")
                .isFalse();

        now.set(began + LEASE.toNanos() + 1);
        leases.resolveDeferred();
        assertThat(leases.hasWrites()).isTrue();
    }

    @Test
    void workStartedOnAPartitionThatMovesAwayGoesOnAndIsReleasedWithItsOutputsAndTokens() {
        ConsumerRecord<byte[], byte[]> running = admit(5);
        start(running);
        ConsumerRecord<byte[], byte[]> notStarted = admit(6);
        leases.admitted(partition, notStarted);
        ConsumerRecord<byte[], byte[]> finished = admit(4);
        List<ProducerRecord<byte[], byte[]>> finishedOutputs = List.of(output("result 4"));

        leases.forgetUnstarted(TP);
        leases.orphan(TP, List.of(new KeyedPartition.Finished(finished, Processed.of(finishedOutputs, "hook 4"))));

        assertThat(leases.orphans()).isEqualTo(1);
        assertThat(leases.started()).isEqualTo(1);
        List<ProducerRecord<byte[], byte[]>> writes = leases.writes(new HashSet<>());
        assertThat(writes).extracting(ProducerRecord::topic).containsExactly("results", "claims");
        assertThat(ClaimCodec.decode(writes.get(1).value())).satisfies(c -> {
            assertThat(c.state()).isEqualTo(Claim.RELEASED);
            assertThat(c.finished()).isTrue();
            assertThat(c.record()).isEqualTo("hooks/2/4");
        });
        assertThat(leases.tokensInTransaction()).containsExactly("hook 4");
        leases.aborted();
        assertThat(leases.tokensInTransaction())
                .as("an aborted release is written again")
                .isEmpty();
        assertThat(leases.writes(new HashSet<>())).hasSize(2);
        assertThat(leases.tokensInTransaction()).containsExactly("hook 4");
        leases.committed(now.get());

        Leases.Outcome outcome = leases.completed(running, Processed.of(List.of(output("result 5")), "hook 5"));
        assertThat(outcome.fate()).isEqualTo(Leases.Fate.RELEASED);
        Set<TopicPartition> fenced = new HashSet<>();
        writes = leases.writes(fenced);
        assertThat(fenced).as("a release carries no offsets").isEmpty();
        assertThat(writes).extracting(ProducerRecord::topic).containsExactly("results", "claims");
        assertThat(new String(writes.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("hooks/2/5");
        assertThat(leases.tokensInTransaction()).containsExactly("hook 5");
        leases.committed(now.get());
        assertThat(leases.tokensInTransaction()).isEmpty();
        assertThat(leases.idle()).isTrue();
    }

    @Test
    void aPartitionThatComesBackWhileItsWorkStillRunsHereOwnsThatWorkAgain() {
        ConsumerRecord<byte[], byte[]> running = admit(5);
        start(running);
        leases.orphan(TP, List.of());
        KeyedPartition again = new KeyedPartition(5, new TreeSet<>());
        again.offer(running);
        again.markReady();
        again.admit();

        assertThat(leases.admitted(again, running)).isEqualTo(Leases.Admission.DEFER);
        assertThat(leases.orphans()).isZero();
        Leases.Outcome outcome = leases.completed(running, Processed.of(List.of(output("result"))));
        assertThat(outcome.fate()).isEqualTo(Leases.Fate.OWNED);
        assertThat(outcome.partition()).isSameAs(again);
    }

    @Test
    void stoppingEverythingStopsRunningWorkOnlyAndReleasesItUnfinishedOnceStopped() {
        ConsumerRecord<byte[], byte[]> running = admit(5);
        start(running);
        leases.admitted(partition, admit(6));

        assertThat(leases.abortAll()).containsExactly(running);
        leases.forgetAllUnstarted();
        leases.completed(running, Processed.none());
        leases.releaseUnfinished(running);

        assertThat(leases.writes(new HashSet<>())).singleElement().satisfies(w -> {
            Claim claim = ClaimCodec.decode(w.value());
            assertThat(claim.state()).isEqualTo(Claim.RELEASED);
            assertThat(claim.finished()).isFalse();
        });
    }

    @Test
    void claimedWorkWaitsForAFreeSlotAndTheOldestStartsFirst() {
        ConsumerRecord<byte[], byte[]> first = admit(5);
        ConsumerRecord<byte[], byte[]> second = admit(6);
        ConsumerRecord<byte[], byte[]> third = admit(7);
        leases.admitted(partition, first);
        leases.admitted(partition, second);
        leases.admitted(partition, third);
        leases.writes(new HashSet<>());

        assertThat(leases.committed(now.get(), 1)).containsExactly(first);
        assertThat(leases.ready()).isEqualTo(2);
        assertThat(leases.started()).isEqualTo(1);
        assertThat(leases.start(0)).isEmpty();
        assertThat(leases.start(1)).containsExactly(second);
        assertThat(leases.start(5)).containsExactly(third);
        assertThat(leases.ready()).isZero();
        assertThat(leases.started()).isEqualTo(3);
    }

    @Test
    void claimedWorkWaitingForASlotIsRenewedLikeRunningWork() {
        leases.admitted(partition, admit(5));
        leases.writes(new HashSet<>());
        leases.committed(now.get(), 0);

        now.addAndGet(LEASE.toNanos() / 3 + 1);
        assertThat(leases.hasWrites()).isTrue();
        assertThat(leases.writes(new HashSet<>()))
                .singleElement()
                .satisfies(w -> assertThat(ClaimCodec.decode(w.value()).state()).isEqualTo(Claim.RUNNING));
        assertThat(leases.committed(now.get(), 0))
                .as("a renewal starts nothing")
                .isEmpty();
        assertThat(leases.ready()).isEqualTo(1);
    }

    @Test
    void claimedWorkThatCouldNotBeRenewedBeforeItStartedIsNotStartedAndWaitsForItsOwnClaimToExpire() {
        ConsumerRecord<byte[], byte[]> record = admit(5);
        leases.admitted(partition, record);
        leases.writes(new HashSet<>());
        long began = now.get();
        leases.committed(began, 0);
        seen.put(ClaimKey.of(record), new SeenClaim(ClaimCodec.decode(leasesClaim(record)), began));

        now.set(began + LEASE.toNanos() - LEASE.toNanos() / 6 + 1);
        assertThat(leases.expiring()).as("nothing runs, so nothing is stopped").isEmpty();
        assertThat(leases.start(1)).isEmpty();
        assertThat(leases.deferred()).isEqualTo(1);
        leases.resolveDeferred();
        assertThat(leases.hasWrites())
                .as("its own claim is still live for other readers")
                .isFalse();

        now.set(began + LEASE.toNanos() + 1);
        leases.resolveDeferred();
        assertThat(leases.hasWrites()).isTrue();
    }

    @Test
    void claimedWorkThatHasNotStartedIsReleasedUnfinishedWhenItsPartitionMovesOrTheLoopStops() {
        ConsumerRecord<byte[], byte[]> running = admit(5);
        ConsumerRecord<byte[], byte[]> waiting = admit(6);
        leases.admitted(partition, running);
        leases.admitted(partition, waiting);
        leases.writes(new HashSet<>());
        assertThat(leases.committed(now.get(), 1)).containsExactly(running);

        leases.forgetUnstarted(TP);
        leases.orphan(TP, List.of());

        assertThat(leases.ready()).isZero();
        assertThat(leases.orphans()).as("the started one goes on here").isEqualTo(1);
        assertThat(leases.writes(new HashSet<>())).singleElement().satisfies(w -> {
            Claim claim = ClaimCodec.decode(w.value());
            assertThat(claim.record()).isEqualTo("hooks/2/6");
            assertThat(claim.state()).isEqualTo(Claim.RELEASED);
            assertThat(claim.finished()).as("the next owner runs it at once").isFalse();
        });

        Leases stopping = new Leases("claims", LEASE, "worker-1/worker-0#me", ME, seen::get, now::get);
        stopping.admitted(partition, waiting);
        stopping.writes(new HashSet<>());
        stopping.committed(now.get(), 0);
        stopping.forgetAllUnstarted();
        assertThat(stopping.writes(new HashSet<>()))
                .singleElement()
                .satisfies(
                        w -> assertThat(ClaimCodec.decode(w.value()).finished()).isFalse());
        stopping.committed(now.get());
        assertThat(stopping.idle()).isTrue();
    }

    private void start(ConsumerRecord<byte[], byte[]> record) {
        leases.admitted(partition, record);
        leases.writes(new HashSet<>());
        assertThat(leases.committed(now.get())).contains(record);
    }

    private byte[] leasesClaim(ConsumerRecord<byte[], byte[]> record) {
        Claim claim = new Claim(
                ClaimKey.of(record).toString(),
                null,
                null,
                leases.holder(),
                ME.host(),
                ME.machine(),
                ME.pid(),
                ME.processStart(),
                Claim.RUNNING,
                false,
                LEASE.toMillis(),
                "now");
        return ClaimCodec.encode(claim);
    }

    private void claimedBy(String holder, ConsumerRecord<byte[], byte[]> record, String state, boolean finished) {
        Claim claim = new Claim(
                ClaimKey.of(record).toString(),
                "run",
                null,
                holder,
                "host-b",
                "other/pid:[2]",
                7L,
                1L,
                state,
                finished,
                LEASE.toMillis(),
                "now");
        seen.put(ClaimKey.of(record), new SeenClaim(claim, now.get()));
    }

    private ConsumerRecord<byte[], byte[]> admit(long offset) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                TP.topic(), TP.partition(), offset, ("run-" + offset).getBytes(StandardCharsets.UTF_8), new byte[0]);
        record.headers().add("ce_id", ("hook-" + offset).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ProducerRecord<byte[], byte[]> output(String value) {
        return new ProducerRecord<>("results", value.getBytes(StandardCharsets.UTF_8));
    }
}
