package io.hookstream.kafka.internal;

import io.hookstream.kafka.LoopClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;

/**
 * The transactional producer of one loop: writes outputs and consumed offsets as one transaction and says how it
 * went. Used from the loop's thread only. A fresh transactional id per producer, unless the producer properties
 * name one (a process with a stable instance id, e.g. the standalone): then its restart aborts the dead
 * predecessor's open transaction at once instead of after the transaction timeout. Fencing of a zombie rests on
 * the group generation sent with the offsets (KIP-447) either way.
 */
public final class TransactionWriter {

    /** How a commit ended. */
    public enum Outcome {
        /** Outputs and offsets are committed. */
        COMMITTED,
        /** The transaction was aborted; nothing of it is visible and the same work may be committed again. */
        ABORTED,
        /**
         * The consumer's group generation is stale (the group rebalanced, or this member was evicted): the
         * transaction was aborted and the producer is usable, but no offset this consumer holds may be committed
         * before it has rejoined.
         */
        STALE_GENERATION,
        /** This producer is fenced or broken: nothing it holds may be committed; it must be renewed. */
        FENCED
    }

    /** A commit's outcome and, unless committed, the error that ended it. */
    public record Result(Outcome outcome, KafkaException cause) {}

    private final Properties properties;
    private final String name;
    private final Duration transactionTimeout;
    private final LoopClients clients;
    private Producer<byte[], byte[]> producer;
    private volatile boolean ready;

    public TransactionWriter(Properties producerProperties, String name, Duration transactionTimeout) {
        this(producerProperties, name, transactionTimeout, LoopClients.kafka());
    }

    /** @param clients where the producers come from (a new one at each {@link #open}) */
    public TransactionWriter(
            Properties producerProperties, String name, Duration transactionTimeout, LoopClients clients) {
        this.clients = clients;
        this.properties = new Properties();
        this.properties.putAll(producerProperties);
        this.name = name;
        this.transactionTimeout = transactionTimeout;
    }

    /**
     * Creates and initialises the producer (blocks until the transaction coordinator answers); a producer that
     * cannot be initialised is closed before the error is thrown.
     */
    public void open() {
        Properties props = new Properties();
        props.putAll(properties);
        if (properties.getProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG) == null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hookstream-" + name + "-" + UUID.randomUUID());
        }
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ready = false;
        Producer<byte[], byte[]> created = clients.producer(props);
        try {
            created.initTransactions();
        } catch (RuntimeException e) {
            // e.g. TransactionalIdAuthorizationException: without this, the producer's I/O thread would live on
            created.close(Duration.ZERO);
            throw e;
        }
        producer = created;
        ready = true;
    }

    /** Drops the producer without waiting (its open transaction is aborted by the broker) and opens a new one. */
    public void renew() {
        close(Duration.ZERO);
        open();
    }

    public Result commit(
            List<ProducerRecord<byte[], byte[]>> outputs,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        return commit(outputs, offsets, group, false);
    }

    /**
     * Writes {@code outputs} and, unless empty, {@code offsets} as one transaction.
     *
     * @param outputsBeforeOffsets wait until the outputs are appended before the offsets go to the group
     *                             coordinator, so that outputs are in the log before the group's generation check
     *                             lets the transaction through (claims rely on it: docs/delivery.md)
     */
    public Result commit(
            List<ProducerRecord<byte[], byte[]>> outputs,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group,
            boolean outputsBeforeOffsets) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                producer.send(output);
            }
            if (!offsets.isEmpty()) {
                if (outputsBeforeOffsets) {
                    producer.flush();
                }
                producer.sendOffsetsToTransaction(offsets, group);
            }
            producer.commitTransaction();
            ready = true;
            return new Result(Outcome.COMMITTED, null);
        } catch (CommitFailedException stale) {
            // the group refused the offsets (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID...): an abortable error, so the
            // producer stays usable and no transaction is left open for read_committed readers to wait on
            try {
                producer.abortTransaction();
                ready = true;
                return new Result(Outcome.STALE_GENERATION, stale);
            } catch (KafkaException abortFailed) {
                ready = false;
                return new Result(Outcome.FENCED, stale);
            }
        } catch (ApplicationRecoverableException fenced) {
            // ProducerFencedException, InvalidProducerEpochException: only a new producer can go on
            ready = false;
            return new Result(Outcome.FENCED, fenced);
        } catch (KafkaException e) {
            ready = false;
            try {
                producer.abortTransaction();
                return new Result(Outcome.ABORTED, e);
            } catch (KafkaException abortFailed) {
                return new Result(Outcome.FENCED, e);
            }
        }
    }

    /** True while the producer is initialised and its last transaction did not fail. */
    public boolean ready() {
        return ready;
    }

    public void close(Duration timeout) {
        ready = false;
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
