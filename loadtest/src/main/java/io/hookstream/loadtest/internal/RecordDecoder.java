package io.hookstream.loadtest.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads what a watched record says about the pass and tells the tracker; ignores records of others. */
public interface RecordDecoder {

    void decode(Hop hop, ConsumerRecord<byte[], byte[]> record, long nowNanos, Tracker tracker);
}
