package io.hookstream.kafka.internal;

import io.hookstream.kafka.Processed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Keeps one oversized output from blocking a transactional loop: a record larger than the producer may send fails
 * its transaction, and the loop would send it again in every following one. Outputs are measured (an upper bound
 * of their size in a record batch) before they are committed; when one is too large, the record's outputs are
 * replaced by what the processor gives instead (a dead letter), and dropped when that is too large as well.
 */
public final class OutputSizeGuard {

    /** Kafka's default {@code max.request.size}, also about the brokers' default {@code message.max.bytes}. */
    public static final int DEFAULT_LIMIT = 1_048_576;

    /** A record batch's header and a record's length, attributes, timestamp and offset varints, at most. */
    private static final int BATCH_OVERHEAD = 61 + 21;

    private static final int VARINT = 5;

    private final int limit;

    public OutputSizeGuard(int limit) {
        this.limit = limit;
    }

    /** The producer's {@code max.request.size}, or the default when it is not set or not a number. */
    public static OutputSizeGuard of(Properties producerProperties) {
        Object configured = producerProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        try {
            return new OutputSizeGuard(configured == null ? DEFAULT_LIMIT : Integer.parseInt(configured.toString()));
        } catch (NumberFormatException e) {
            return new OutputSizeGuard(DEFAULT_LIMIT);
        }
    }

    public int limit() {
        return limit;
    }

    /** What is wrong with the largest output, or null when every output fits. */
    public String problem(List<ProducerRecord<byte[], byte[]>> outputs) {
        for (ProducerRecord<byte[], byte[]> output : outputs) {
            long size = sizeOf(output);
            if (size > limit) {
                return "an output to " + output.topic() + " would be about " + size + " bytes, more than the " + limit
                        + " bytes a record may have (max.request.size); nothing of this record was written";
            }
        }
        return null;
    }

    /**
     * {@code processed} when its outputs fit; else {@code replacement} applied to the problem, when that fits; else
     * nothing.
     */
    public <C> Processed<C> guard(Processed<C> processed, Function<String, Processed<C>> replacement) {
        String problem = problem(processed.outputs());
        if (problem == null) {
            return processed;
        }
        Processed<C> instead = replacement.apply(problem);
        return instead == null || problem(instead.outputs()) != null ? Processed.none() : instead;
    }

    /** An upper bound of the record's size in an uncompressed record batch. */
    static long sizeOf(ProducerRecord<byte[], byte[]> record) {
        long size = BATCH_OVERHEAD + VARINT + length(record.key()) + VARINT + length(record.value()) + VARINT;
        for (Header header : record.headers()) {
            size += VARINT + header.key().getBytes(StandardCharsets.UTF_8).length + VARINT + length(header.value());
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
