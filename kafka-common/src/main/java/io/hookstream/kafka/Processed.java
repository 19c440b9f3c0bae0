package io.hookstream.kafka;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a {@link TransactionalProcessor} made of a record (or of a tick): the records to commit, and a token of its
 * own that the loop hands back to {@link TransactionalProcessor#onCommitted} once they are committed, so that the
 * processor never has to recognise its outputs again. The token may be null (nothing to be told).
 *
 * @param outputs the records to write in the loop's transaction, in order
 * @param token   what the processor wants back once {@code outputs} are committed, or null
 */
public record Processed<C>(List<ProducerRecord<byte[], byte[]>> outputs, C token) {

    private static final Processed<?> NONE = new Processed<>(List.of(), null);

    public Processed {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** {@code outputs}, with no token. */
    public static <C> Processed<C> of(List<ProducerRecord<byte[], byte[]>> outputs) {
        return new Processed<>(outputs, null);
    }

    public static <C> Processed<C> of(List<ProducerRecord<byte[], byte[]>> outputs, C token) {
        return new Processed<>(outputs, token);
    }

    /** No output and no token: the record finishes without writing anything. */
    @SuppressWarnings("unchecked")
    public static <C> Processed<C> none() {
        return (Processed<C>) NONE;
    }

    /** True when there is neither an output nor a token. */
    public boolean isEmpty() {
        return outputs.isEmpty() && token == null;
    }
}
