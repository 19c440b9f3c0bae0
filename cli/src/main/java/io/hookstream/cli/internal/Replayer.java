package io.hookstream.cli.internal;

import io.hookstream.cli.CliException;
import io.hookstream.kafka.KafkaClients;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Republishes dead letters with a transactional producer: each dead letter's original record and its ledger
 * record are written in one transaction (several dead letters per transaction), so a replay either happened and
 * is recorded, or neither. The transactional id is one per installation ({@code <prefix>dlq-replay}): opening a
 * replayer aborts what a crashed one left open and fences one still running, so it can no longer commit.
 */
public final class Replayer implements AutoCloseable {

    private static final int PER_TRANSACTION = 100;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrapServers;

    private Replayer(KafkaProducer<byte[], byte[]> producer, String bootstrapServers) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
    }

    /** Opens the producer and initialises its transactions (fencing an earlier replayer of the same prefix). */
    public static Replayer open(Properties common, String transactionalId) {
        Properties props = KafkaClients.producer(common);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        String bootstrap = String.valueOf(common.get("bootstrap.servers"));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        try {
            producer.initTransactions();
            return new Replayer(producer, bootstrap);
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw KafkaUnavailable.of(e, bootstrap, "start a transaction for the replay");
        }
    }

    /**
     * Replays {@code letters} (each to its origin topic and partition, same key, value and original headers) and
     * records each in the ledger topic; the number replayed.
     */
    public int replay(
            List<DeadLetter> letters,
            Map<String, Integer> partitionCounts,
            String ledgerTopic,
            PrintWriter progress,
            Clock clock) {
        int committed = 0;
        long lastProgress = System.nanoTime();
        try {
            for (int start = 0; start < letters.size(); start += PER_TRANSACTION) {
                List<DeadLetter> batch = letters.subList(start, Math.min(letters.size(), start + PER_TRANSACTION));
                producer.beginTransaction();
                try {
                    for (DeadLetter letter : batch) {
                        producer.send(new ProducerRecord<>(
                                letter.originTopic(),
                                partition(letter, partitionCounts.get(letter.originTopic())),
                                letter.key(),
                                letter.value(),
                                letter.originalHeaders()));
                        producer.send(ReplayLedger.entry(ledgerTopic, letter, clock.instant()));
                    }
                    producer.commitTransaction();
                } catch (ProducerFencedException e) {
                    throw e;
                } catch (KafkaException e) {
                    abortQuietly();
                    throw e;
                }
                committed += batch.size();
                if (System.nanoTime() - lastProgress >= PROGRESS_EVERY.toNanos()) {
                    progress.println("replayed " + committed + "/" + letters.size() + " ...");
                    progress.flush();
                    lastProgress = System.nanoTime();
                }
            }
            return committed;
        } catch (ProducerFencedException e) {
            throw new CliException(
                    "ReplayFenced",
                    1,
                    "another dlq replay of this installation started while this"
                            + " one ran; " + committed
                            + " were replayed before it; run replay again to finish (replayed"
                            + " dead letters are skipped)",
                    e);
        } catch (KafkaException e) {
            CliException failure = KafkaUnavailable.of(
                    e,
                    bootstrapServers,
                    "replay (" + committed + " replayed and recorded before the failure; run replay again to finish)");
            throw failure;
        }
    }

    /** The original partition while the topic still has it; else the partitioner's choice by key. */
    private static Integer partition(DeadLetter letter, Integer partitions) {
        Integer original = letter.originPartition();
        return original != null && partitions != null && original >= 0 && original < partitions ? original : null;
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // the transaction times out on the broker, or the next replayer's initTransactions aborts it
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            // every transaction was committed or aborted already
        }
    }
}
