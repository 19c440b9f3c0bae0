package io.hookstream.embedded.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and ends <em>hanging</em> transactions: open in a partition while their transaction coordinator no longer
 * has them in progress with that partition, so that nothing will ever commit or abort them there. Each one pins the
 * partition's last stable offset: {@code read_committed} consumers (every hookstream loop, the restores) stop at it
 * for good, and pending offsets of a consumer group stay pending. Seen after the embedded broker was killed
 * together with its clients (the standalone after {@code kill -9}): the restarted broker's coordinator finished a
 * transaction that was being committed ({@code CompleteCommit}) without its marker in some partitions (Kafka skips
 * partitions whose topic its metadata does not list yet, as if deleted). Where the coordinator's last word is that
 * this producer's transaction at this epoch committed, the partition gets the COMMIT marker it missed; any other
 * hanging transaction is aborted, as Kafka's own {@code kafka-transactions.sh find-hanging} / {@code abort} do
 * (KIP-664). A transaction its coordinator still has in progress is left to the coordinator.
 */
public final class HangingTransactions {

    /** An open transaction in one partition, as the partition's leader describes it. */
    public record Open(
            TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch, long startOffset) {}

    /** A hanging transaction, how it is ended here, and what its coordinator says of it (for the log line). */
    public record Hanging(Open open, boolean commit, String coordinatorSays) {
        @Override
        public String toString() {
            return (commit ? "committed " : "aborted ") + open.partition() + " (producer " + open.producerId()
                    + " epoch " + open.producerEpoch() + ", open from offset " + open.startOffset()
                    + "; its coordinator: " + coordinatorSays + ")";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    /** How long to wait for the coordinator to list the transactional id of every producer with an open one. */
    private static final Duration ID_LOOKUP = Duration.ofSeconds(10);
    /** How long to wait for transactions that their coordinator is completing at the start to be completed. */
    private static final Duration COMPLETIONS = Duration.ofSeconds(15);

    private static final Set<TransactionState> IN_PROGRESS = Set.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE);

    private HangingTransactions() {}

    /**
     * After a start on a data directory used before: ends the hanging transactions the last run left (last written
     * to before {@code startedAtMillis}) and says so in one WARN line. A failure to look is logged, not thrown: the
     * broker still serves.
     *
     * @param plaintextBroker the broker's plaintext listener for commit markers, or null (SASL: left open)
     */
    public static void endLeftOpen(
            String bootstrapServers,
            InetSocketAddress plaintextBroker,
            Map<String, String> security,
            Path dataDir,
            long startedAtMillis,
            Duration timeout) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "hookstream-embedded-recovery");
        try (Admin admin = Admin.create(config)) {
            List<Hanging> ended = endAll(admin, plaintextBroker, startedAtMillis, timeout);
            if (!ended.isEmpty()) {
                LOG.warn(
                        "Ended {} transaction(s) that the last run left open in {} and that no coordinator would"
                                + " end (the process was killed with the broker in it); read_committed readers would"
                                + " have waited behind them for good: {}",
                        ended.size(),
                        dataDir,
                        ended);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn(
                    "Could not look for transactions left open by the last run in {} ({}); if consumers of some"
                            + " partitions make no progress, see `kafka-transactions.sh find-hanging`",
                    dataDir,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends every transaction that hangs in a partition of the cluster (internal topics included, but for the
     * transaction log itself) and was last written to before {@code writtenBeforeMillis}: commits it where its
     * coordinator committed it (through {@code plaintextBroker}; left open when null), aborts it elsewhere.
     *
     * @return what was ended
     */
    public static List<Hanging> endAll(
            Admin admin, InetSocketAddress plaintextBroker, long writtenBeforeMillis, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        // a transaction its coordinator is completing now may end up hanging where the coordinator skips a
        // partition: look again once it is done
        long deadline = System.nanoTime() + COMPLETIONS.toNanos();
        List<Hanging> ended = new ArrayList<>();
        while (true) {
            Pass pass = endOnce(admin, plaintextBroker, writtenBeforeMillis, timeout);
            ended.addAll(pass.ended());
            if (pass.completing() == 0 || System.nanoTime() >= deadline) {
                return ended;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    /** One look: what was ended, and how many open transactions their coordinator is completing right now. */
    private record Pass(List<Hanging> ended, long completing) {}

    private static Pass endOnce(
            Admin admin, InetSocketAddress plaintextBroker, long writtenBeforeMillis, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long ms = timeout.toMillis();
        Set<String> topics = new HashSet<>(admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get(ms, TimeUnit.MILLISECONDS));
        topics.remove(Topic.TRANSACTION_STATE_TOPIC_NAME);
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get(ms, TimeUnit.MILLISECONDS)
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        List<Open> open = new ArrayList<>();
        admin.describeProducers(partitions)
                .all()
                .get(ms, TimeUnit.MILLISECONDS)
                .forEach((partition, described) -> described.activeProducers().forEach(producer -> {
                    if (producer.currentTransactionStartOffset().isPresent()
                            && producer.lastTimestamp() < writtenBeforeMillis) {
                        open.add(open(partition, producer));
                    }
                }));
        if (open.isEmpty()) {
            return new Pass(List.of(), 0);
        }
        Set<Long> producerIds = new HashSet<>();
        open.forEach(o -> producerIds.add(o.producerId()));
        // right after a start the coordinator may still be loading its log: until then it lists fewer transactions
        long deadline = System.nanoTime() + Math.min(ms, ID_LOOKUP.toMillis()) * 1_000_000;
        Map<Long, String> transactionalIds = new HashMap<>();
        while (true) {
            for (TransactionListing listing : admin.listTransactions(
                            new ListTransactionsOptions().filterProducerIds(producerIds))
                    .all()
                    .get(ms, TimeUnit.MILLISECONDS)) {
                transactionalIds.put(listing.producerId(), listing.transactionalId());
            }
            if (transactionalIds.keySet().containsAll(producerIds) || System.nanoTime() >= deadline) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        Map<String, TransactionDescription> descriptions = transactionalIds.isEmpty()
                ? Map.of()
                : admin.describeTransactions(transactionalIds.values()).all().get(ms, TimeUnit.MILLISECONDS);
        long completing = completing(open, transactionalIds, descriptions);
        List<Hanging> hanging = hanging(open, transactionalIds, descriptions);
        List<Hanging> ended = new ArrayList<>();
        for (Hanging h : hanging) {
            Open o = h.open();
            if (!h.commit()) {
                admin.abortTransaction(new AbortTransactionSpec(
                                o.partition(), o.producerId(), (short) o.producerEpoch(), o.coordinatorEpoch()))
                        .all()
                        .get(ms, TimeUnit.MILLISECONDS);
                ended.add(h);
            } else if (plaintextBroker == null) {
                LOG.warn("{}: left open, a commit marker is written only on a plaintext listener", h);
            } else {
                try {
                    CommitMarker.write(
                            plaintextBroker,
                            o.partition(),
                            o.producerId(),
                            (short) o.producerEpoch(),
                            o.coordinatorEpoch(),
                            timeout);
                    ended.add(h);
                } catch (IOException e) {
                    LOG.warn("{}: left open, the commit marker could not be written: {}", h, e.getMessage());
                }
            }
        }
        return new Pass(ended, completing);
    }

    /** How many of the {@code open} transactions their coordinator is committing or aborting right now. */
    static long completing(
            Collection<Open> open, Map<Long, String> transactionalIds, Map<String, TransactionDescription> described) {
        return open.stream()
                .filter(o -> {
                    TransactionDescription d = describedFor(o, transactionalIds, described);
                    return d != null
                            && d.producerId() == o.producerId()
                            && (d.state() == TransactionState.PREPARE_COMMIT
                                    || d.state() == TransactionState.PREPARE_ABORT)
                            && d.topicPartitions().contains(o.partition());
                })
                .count();
    }

    /**
     * Which of the {@code open} transactions hang: those whose producer's transaction its coordinator describes as
     * not in progress with that partition (another producer id now, a state that is not in progress, or the
     * partition not among the transaction's). One whose producer no transactional id is listed for is not judged.
     * A hanging transaction is committed when its coordinator's last word is that this producer's transaction at
     * this epoch committed, and aborted otherwise. The epochs are not compared: with
     * transactions version 2 a transaction being committed has a bumped epoch at its coordinator already.
     */
    public static List<Hanging> hanging(
            Collection<Open> open, Map<Long, String> transactionalIds, Map<String, TransactionDescription> described) {
        List<Hanging> hanging = new ArrayList<>();
        for (Open o : open) {
            String id = transactionalIds.get(o.producerId());
            TransactionDescription d = describedFor(o, transactionalIds, described);
            if (d == null) {
                // not judged: the coordinator may not have loaded it; a transaction left open is still ended by
                // its transaction timeout or by its producer's next start
                LOG.info(
                        "{}-{}: the transaction open from offset {} (producer {}) is not listed by its coordinator;"
                                + " left as it is",
                        o.partition().topic(),
                        o.partition().partition(),
                        o.startOffset(),
                        o.producerId());
            } else if (d.producerId() != o.producerId()
                    || !IN_PROGRESS.contains(d.state())
                    || !d.topicPartitions().contains(o.partition())) {
                // committed by its coordinator: the last transaction of this producer, at this epoch (transactions
                // version 1) or one below (version 2 bumps the epoch as it commits)
                boolean committed = d.producerId() == o.producerId()
                        && d.state() == TransactionState.COMPLETE_COMMIT
                        && (d.producerEpoch() == o.producerEpoch() || d.producerEpoch() == o.producerEpoch() + 1);
                hanging.add(new Hanging(
                        o,
                        committed,
                        id + " is " + d.state() + " as producer " + d.producerId() + " epoch " + d.producerEpoch()
                                + " with " + d.topicPartitions().size() + " partition(s)"));
            }
        }
        return hanging;
    }

    /** What the coordinator says of {@code o}'s producer's transaction, or null when it lists none for it. */
    private static TransactionDescription describedFor(
            Open o, Map<Long, String> transactionalIds, Map<String, TransactionDescription> described) {
        String id = transactionalIds.get(o.producerId());
        return id == null ? null : described.get(id);
    }

    private static Open open(TopicPartition partition, ProducerState producer) {
        return new Open(
                partition,
                producer.producerId(),
                producer.producerEpoch(),
                producer.coordinatorEpoch().orElse(0),
                producer.currentTransactionStartOffset().getAsLong());
    }
}
