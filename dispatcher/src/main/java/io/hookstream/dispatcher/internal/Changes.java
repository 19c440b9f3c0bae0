package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one change of the run book causes: the records to commit in the loop's transaction (hook events, Skipped
 * and expired results, outcomes, run-state snapshots) and the views of the runs it changed, to publish to
 * {@link RunViews} once those records are committed. Immutable; returned by every {@link RunBook} entry point, so
 * nothing is collected on the side.
 */
record Changes(List<ProducerRecord<byte[], byte[]>> records, List<ChangedView> views) {

    /** The view of a run after a change, with the partition (of every co-partitioned topic) that owns it. */
    record ChangedView(int partition, RunOutcome view) {}

    static final Changes NONE = new Changes(List.of(), List.of());

    Changes {
        records = List.copyOf(records);
        views = List.copyOf(views);
    }

    /** Records only, changing no run (a reroute, a dead letter). */
    static Changes records(List<ProducerRecord<byte[], byte[]>> records) {
        return new Changes(records, List.of());
    }

    /** The records of a change of one run, and that run's view after it. */
    static Changes of(List<ProducerRecord<byte[], byte[]>> records, int partition, RunOutcome view) {
        return new Changes(records, List.of(new ChangedView(partition, view)));
    }

    boolean isEmpty() {
        return records.isEmpty() && views.isEmpty();
    }

    /** These changes followed by {@code later}'s. */
    Changes plus(Changes later) {
        if (isEmpty()) {
            return later;
        }
        if (later.isEmpty()) {
            return this;
        }
        List<ProducerRecord<byte[], byte[]>> allRecords = new ArrayList<>(records);
        allRecords.addAll(later.records);
        List<ChangedView> allViews = new ArrayList<>(views);
        allViews.addAll(later.views);
        return new Changes(allRecords, allViews);
    }
}
