package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hooks and runs finished across all dispatchers, in 10-second buckets over the last 15 minutes: the console's
 * throughput chart ({@code GET /v1/activity}). Fed with the run index's changes once it has caught up, so it counts
 * what happened since this instance's first list request, not the history it read. Thread-safe.
 */
final class RunActivity {

    static final Duration BUCKET = Duration.ofSeconds(10);
    static final int BUCKETS = 90;

    private final Clock clock;
    private final long[] stamps = new long[BUCKETS];
    private final long[] hooksFinished = new long[BUCKETS];
    private final long[] runsAccepted = new long[BUCKETS];
    private final long[] runsSucceeded = new long[BUCKETS];
    private final long[] runsFailed = new long[BUCKETS];
    private Instant since;

    RunActivity(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(stamps, -1);
    }

    synchronized void record(List<RunChange> changes) {
        long bucket = bucketOf(clock.instant());
        int slot = slot(bucket);
        if (stamps[slot] != bucket) {
            stamps[slot] = bucket;
            hooksFinished[slot] = 0;
            runsAccepted[slot] = 0;
            runsSucceeded[slot] = 0;
            runsFailed[slot] = 0;
        }
        if (since == null) {
            since = clock.instant();
        }
        for (RunChange change : changes) {
            hooksFinished[slot] += change.hooksFinished();
            if (change.previous() == null && change.current() != null) {
                runsAccepted[slot]++;
            }
            if (change.finished()) {
                if (change.current().status() == RunStatus.Succeeded) {
                    runsSucceeded[slot]++;
                } else {
                    runsFailed[slot]++;
                }
            }
        }
    }

    /** The last 15 minutes, oldest bucket first; buckets before {@code since} are zero. */
    synchronized Map<String, Object> snapshot() {
        long newest = bucketOf(clock.instant());
        long oldest = newest - BUCKETS + 1;
        long[] hooks = new long[BUCKETS];
        long[] accepted = new long[BUCKETS];
        long[] succeeded = new long[BUCKETS];
        long[] failed = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            long bucket = oldest + i;
            int slot = slot(bucket);
            if (stamps[slot] == bucket) {
                hooks[i] = hooksFinished[slot];
                accepted[i] = runsAccepted[slot];
                succeeded[i] = runsSucceeded[slot];
                failed[i] = runsFailed[slot];
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bucketSeconds", BUCKET.toSeconds());
        answer.put("from", Instant.ofEpochSecond(oldest * BUCKET.toSeconds()));
        answer.put("since", since);
        answer.put("hooksFinished", hooks);
        answer.put("runsAccepted", accepted);
        answer.put("runsSucceeded", succeeded);
        answer.put("runsFailed", failed);
        return answer;
    }

    private static long bucketOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), BUCKET.toSeconds());
    }

    private static int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) BUCKETS);
    }
}
