package io.hookstream.kafka;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one consumed record. Called on the consumer's thread, so it must hand work off and return at once;
 * the returned stage completes when everything the record causes has been published. Its offset is committed
 * only then. Expected failures (bad input, a failed hook) are handled inside and still complete normally.
 */
@FunctionalInterface
public interface RecordProcessor {

    CompletionStage<?> process(ConsumerRecord<byte[], byte[]> record);
}
