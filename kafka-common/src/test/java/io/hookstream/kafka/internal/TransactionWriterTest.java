package io.hookstream.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.LoopClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class TransactionWriterTest {

    private static final TopicPartition IN = new TopicPartition("in", 0);
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("g", 3, "member", Optional.empty());

    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    /** What the producers were asked to do, in order: flush, offsets. */
    private final List<String> calls = new ArrayList<>();

    private final List<Properties> configs = new ArrayList<>();
    private RuntimeException initFailure;
    private final TransactionWriter writer =
            new TransactionWriter(new Properties(), "unit", Duration.ofSeconds(7), new LoopClients() {
                @Override
                public Consumer<byte[], byte[]> consumer(Properties properties) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Producer<byte[], byte[]> producer(Properties properties) {
                    MockProducer<byte[], byte[]> producer = new RecordingProducer();
                    producer.initTransactionException = initFailure;
                    producers.add(producer);
                    configs.add(properties);
                    return producer;
                }
            });

    @Test
    void outputsAndOffsetsAreCommittedInOneTransactionOfAnIdempotentProducerWithItsOwnTransactionalId() {
        writer.open();

        TransactionWriter.Result result =
                writer.commit(List.of(output("a"), output("b")), Map.of(IN, new OffsetAndMetadata(5, "hs1:x")), GROUP);

        assertThat(result.outcome()).isEqualTo(TransactionWriter.Outcome.COMMITTED);
        MockProducer<byte[], byte[]> producer = producers.get(0);
        assertThat(producer.history()).extracting(r -> new String(r.value())).containsExactly("a", "b");
        assertThat(producer.consumerGroupOffsetsHistory())
                .containsExactly(Map.of("g", Map.of(IN, new OffsetAndMetadata(5, "hs1:x"))));
        assertThat(configs.get(0).getProperty("transactional.id")).startsWith("hookstream-unit-");
        assertThat(configs.get(0))
                .containsEntry("transaction.timeout.ms", "7000")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all");
        assertThat(writer.ready()).isTrue();
    }

    @Test
    void aFailedTransactionIsAbortedAndTheProducerKept() {
        writer.open();
        producers.get(0).commitTransactionException = new KafkaException("broker said no");

        TransactionWriter.Result result =
                writer.commit(List.of(output("a")), Map.of(IN, new OffsetAndMetadata(1)), GROUP);

        assertThat(result.outcome()).isEqualTo(TransactionWriter.Outcome.ABORTED);
        assertThat(result.cause()).hasMessage("broker said no");
        assertThat(producers.get(0).transactionAborted()).isTrue();
        assertThat(producers.get(0).history()).isEmpty();
        assertThat(producers).hasSize(1);
    }

    @Test
    void offsetsRefusedByTheGroupAreAStaleGenerationWithTheTransactionAborted() {
        writer.open();
        producers.get(0).sendOffsetsToTransactionException = new CommitFailedException("generation 3 is stale");

        TransactionWriter.Result result =
                writer.commit(List.of(output("a")), Map.of(IN, new OffsetAndMetadata(1)), GROUP);

        assertThat(result.outcome()).isEqualTo(TransactionWriter.Outcome.STALE_GENERATION);
        assertThat(producers.get(0).transactionAborted()).isTrue();
        assertThat(writer.ready()).as("the producer is usable").isTrue();
    }

    @Test
    void aFencedProducerIsReportedAndRenewedWithANewProducer() {
        writer.open();
        producers.get(0).commitTransactionException = new ProducerFencedException("a newer epoch");

        TransactionWriter.Result result =
                writer.commit(List.of(output("a")), Map.of(IN, new OffsetAndMetadata(1)), GROUP);
        assertThat(result.outcome()).isEqualTo(TransactionWriter.Outcome.FENCED);
        assertThat(writer.ready()).isFalse();

        writer.renew();
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(producers).hasSize(2);
        assertThat(writer.commit(List.of(output("b")), Map.of(), GROUP).outcome())
                .isEqualTo(TransactionWriter.Outcome.COMMITTED);
        assertThat(producers.get(1).history()).hasSize(1);
    }

    @Test
    void aProducerThatCannotBeInitialisedIsClosedBeforeTheErrorIsThrown() {
        initFailure = new TransactionalIdAuthorizationException("no Write on the transactional id");

        assertThatThrownBy(writer::open).isSameAs(initFailure);
        assertThat(producers.get(0).closed()).isTrue();
        assertThat(writer.ready()).isFalse();
    }

    @Test
    void outputsAreFlushedBeforeTheOffsetsOnlyWhenAsked() {
        writer.open();

        writer.commit(List.of(output("result")), Map.of(IN, new OffsetAndMetadata(1)), GROUP, false);
        assertThat(calls).containsExactly("offsets");

        calls.clear();
        writer.commit(List.of(output("claim")), Map.of(IN, new OffsetAndMetadata(2)), GROUP, true);
        assertThat(calls).containsExactly("flush", "offsets");
        assertThat(producers.get(0).history()).hasSize(2);
    }

    /** A mock producer that notes flushes and offsets sent before the commit. */
    private final class RecordingProducer extends MockProducer<byte[], byte[]> {
        /** commitTransaction flushes too: that flush is not one the writer asked for. */
        private boolean committing;

        RecordingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized void flush() {
            if (transactionInFlight() && !committing) {
                calls.add("flush");
            }
            super.flush();
        }

        @Override
        public void sendOffsetsToTransaction(
                Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
            calls.add("offsets");
            super.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void commitTransaction() {
            committing = true;
            try {
                super.commitTransaction();
            } finally {
                committing = false;
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> output(String value) {
        return new ProducerRecord<>("out", 0, null, value.getBytes());
    }
}
