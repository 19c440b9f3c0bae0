package io.hookstream.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where Kafka's default partitioner puts a keyed record, so that co-partitioned topics can be reasoned about. */
public final class Partitioning {

    private Partitioning() {}

    /** The partition of a record keyed by {@code key} (UTF-8) in a topic of {@code partitions} partitions. */
    public static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
