package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.ColdFigures;
import io.hookstream.loadtest.PassFigures;
import io.hookstream.loadtest.Percentiles;
import io.hookstream.schemas.event.HookEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * What one pass sent and saw, per hook. The sender calls {@link #onSent}; one collector thread calls the other
 * {@code on*} methods; counters may be read by any thread, {@link #snapshot} once the collector has stopped.
 *
 * <p>A hook's latency runs from its start — the (intended, with a rate) send time of its run request for the first
 * hook of a run, the arrival of the previous hook's result for the others — to the first result seen for it.
 * Measuring from the intended send time corrects for coordinated omission: a stalled system cannot hide the
 * requests it delayed.
 *
 * <p>With a cold window (see {@code --cold}) the latencies are also kept in two parts: hooks that started within
 * the window after the first request, and the rest.
 */
public final class Tracker {

    private static final int LOST_EXAMPLES = 10;

    private final RunIds ids;
    private final AtomicLongArray hookStart;
    private final AtomicLongArray runStart;
    private final int[] results;
    private final int[] events;
    private final int[] outcomes;
    private final Histogram latency = Percentiles.newHistogram();
    private final Histogram overhead = Percentiles.newHistogram();
    private final Histogram action = Percentiles.newHistogram();
    private final Histogram runLatency = Percentiles.newHistogram();
    private final Histogram toDispatch = Percentiles.newHistogram();
    private final Histogram inWorker = Percentiles.newHistogram();
    private final Histogram toTool = Percentiles.newHistogram();
    private final long coldWindowNanos;
    private final Histogram coldFirst = Percentiles.newHistogram();
    private final Histogram coldRest = Percentiles.newHistogram();
    private final long[] eventMillis;
    /** Wall-clock milliseconds = (nanoTime + wallOffsetNanos) / 1e6, to compare with record timestamps. */
    private final long wallOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private final Map<String, Integer> failures = new TreeMap<>();
    private final Map<String, Integer> outcomeStatuses = new TreeMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong firstResults = new AtomicLong();
    private final AtomicLong firstOutcomes = new AtomicLong();
    private final AtomicLong duplicateResultRecords = new AtomicLong();
    private final AtomicLong duplicateOutcomeRecords = new AtomicLong();
    private volatile long firstSendNanos;
    private volatile long firstStartNanos;
    private volatile long lastSendNanos;
    private volatile long lastResultNanos;
    private volatile long lastActivityNanos;
    private long failed;
    private long duplicatedHooks;
    private long duplicatedRuns;
    private long eventsSeen;
    private long duplicatedEvents;
    private String firstProblem;

    public Tracker(RunIds ids) {
        this(ids, null);
    }

    /** @param coldWindow the first window whose latencies are kept apart (--cold), or null */
    public Tracker(RunIds ids, Duration coldWindow) {
        this.ids = ids;
        this.coldWindowNanos = coldWindow == null ? 0 : coldWindow.toNanos();
        this.hookStart = new AtomicLongArray(ids.hooks());
        this.runStart = new AtomicLongArray(ids.runs());
        this.results = new int[ids.hooks()];
        this.events = new int[ids.hooks()];
        this.eventMillis = new long[ids.hooks()];
        this.outcomes = new int[ids.runs()];
    }

    public RunIds ids() {
        return ids;
    }

    /**
     * A run request is about to be sent.
     *
     * @param startNanos the time its latency counts from: the intended send time when a rate is set, else now
     * @param nowNanos   the actual time of sending
     */
    public void onSent(int run, long startNanos, long nowNanos) {
        runStart.set(run, startNanos);
        hookStart.set(run * ids.hooksPerRun(), startNanos);
        if (sent.getAndIncrement() == 0) {
            firstStartNanos = startNanos;
            firstSendNanos = nowNanos;
        }
        lastSendNanos = nowNanos;
        lastActivityNanos = nowNanos;
    }

    public void onSendError() {
        sendErrors.incrementAndGet();
    }

    /** A hook event of this pass was seen on the hook topic (the dispatcher dispatched it). */
    public void onHookEvent(int hook) {
        onHookEvent(hook, 0);
    }

    /**
     * A hook event of this pass was seen on the hook topic.
     *
     * @param createMillis the record's timestamp (when the dispatcher produced it), or 0 when unknown
     */
    public void onHookEvent(int hook, long createMillis) {
        eventsSeen++;
        if (events[hook] == 0 && createMillis > 0) {
            eventMillis[hook] = createMillis;
            long start = hookStart.get(hook);
            if (start != 0) {
                Percentiles.record(toDispatch, (createMillis - wallMillis(start)) * 1000);
            }
        }
        if (++events[hook] == 2) {
            duplicatedEvents++;
        }
    }

    /**
     * A result of this pass was seen.
     *
     * @param failureKey   null for a Succeeded hook, else its status and reason (e.g. {@code Failed/NonZeroExit})
     * @param actionMicros how long the worker says the action took, or -1 when unknown
     */
    public void onResult(int hook, long nowNanos, String failureKey, long actionMicros) {
        onResult(hook, nowNanos, failureKey, actionMicros, 0);
    }

    /**
     * A result of this pass was seen.
     *
     * @param createMillis the record's timestamp (when the worker produced it), or 0 when unknown
     */
    public void onResult(int hook, long nowNanos, String failureKey, long actionMicros, long createMillis) {
        lastActivityNanos = nowNanos;
        if (results[hook] == 0 && createMillis > 0) {
            if (eventMillis[hook] > 0) {
                Percentiles.record(inWorker, (createMillis - eventMillis[hook]) * 1000);
            }
            Percentiles.record(toTool, (wallMillis(nowNanos) - createMillis) * 1000);
        }
        if (++results[hook] > 1) {
            duplicateResultRecords.incrementAndGet();
            if (results[hook] == 2) {
                duplicatedHooks++;
            }
            return;
        }
        long start = hookStart.get(hook);
        if (start != 0) {
            long micros = (nowNanos - start) / 1000;
            Percentiles.record(latency, micros);
            if (coldWindowNanos > 0) {
                Percentiles.record(start - firstStartNanos < coldWindowNanos ? coldFirst : coldRest, micros);
            }
            if (actionMicros >= 0) {
                Percentiles.record(action, actionMicros);
                Percentiles.record(overhead, micros - actionMicros);
            }
        }
        if ((hook + 1) % ids.hooksPerRun() != 0) {
            hookStart.compareAndSet(hook + 1, 0, nowNanos);
        }
        if (failureKey != null) {
            failed++;
            failures.merge(failureKey, 1, Integer::sum);
        }
        lastResultNanos = nowNanos;
        firstResults.incrementAndGet();
    }

    /**
     * A run outcome of this pass was seen.
     *
     * @param problem for a run that was not Succeeded, what it says went wrong (the first one is kept)
     */
    public void onOutcome(int run, long nowNanos, String status, String problem) {
        lastActivityNanos = nowNanos;
        if (++outcomes[run] > 1) {
            duplicateOutcomeRecords.incrementAndGet();
            if (outcomes[run] == 2) {
                duplicatedRuns++;
            }
            return;
        }
        long start = runStart.get(run);
        if (start != 0) {
            Percentiles.record(runLatency, (nowNanos - start) / 1000);
        }
        outcomeStatuses.merge(String.valueOf(status), 1, Integer::sum);
        if (problem != null && firstProblem == null) {
            firstProblem = problem;
        }
        firstOutcomes.incrementAndGet();
    }

    private long wallMillis(long nanos) {
        return (nanos + wallOffsetNanos) / 1_000_000L;
    }

    public long sent() {
        return sent.get();
    }

    public long results() {
        return firstResults.get();
    }

    public long outcomes() {
        return firstOutcomes.get();
    }

    public long duplicateResultRecords() {
        return duplicateResultRecords.get();
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Whether every hook has a result and every run an outcome. */
    public boolean complete() {
        return firstResults.get() >= ids.hooks() && firstOutcomes.get() >= ids.runs();
    }

    /** Whether every hook has a result. */
    public boolean allResults() {
        return firstResults.get() >= ids.hooks();
    }

    /** The final figures; call once the collector has stopped. */
    public PassFigures snapshot(boolean timedOut) {
        long lost = 0;
        long undispatched = 0;
        List<String> lostExamples = new ArrayList<>();
        for (int h = 0; h < results.length; h++) {
            if (results[h] == 0) {
                lost++;
                if (lostExamples.size() < LOST_EXAMPLES) {
                    lostExamples.add(HookEvent.hookIdOf(ids.runId(h / ids.hooksPerRun()), h % ids.hooksPerRun()));
                }
                if (events[h] == 0) {
                    undispatched++;
                }
            }
        }
        long runsLost = 0;
        for (int outcome : outcomes) {
            if (outcome == 0) {
                runsLost++;
            }
        }
        long measuredNanos = firstResults.get() == 0 ? 0 : lastResultNanos - firstSendNanos;
        double throughput = measuredNanos <= 0 ? 0 : firstResults.get() * 1e9 / measuredNanos;
        double sendNanos = lastSendNanos - firstSendNanos;
        double offered = sent.get() < 2 || sendNanos <= 0 ? 0 : (sent.get() - 1) * 1e9 / sendNanos;
        return new PassFigures(
                ids.hooks(),
                ids.runs(),
                sent.get(),
                sendErrors.get(),
                firstResults.get(),
                round(throughput),
                round(offered * ids.hooksPerRun()),
                round(measuredNanos / 1e9),
                Percentiles.of(latency),
                Percentiles.of(overhead),
                Percentiles.of(action),
                Percentiles.of(runLatency),
                new PassFigures.Stages(Percentiles.of(toDispatch), Percentiles.of(inWorker), Percentiles.of(toTool)),
                lost,
                undispatched,
                duplicatedHooks,
                duplicateResultRecords.get(),
                failed,
                Map.copyOf(failures),
                runsLost,
                duplicatedRuns,
                Map.copyOf(outcomeStatuses),
                eventsSeen,
                duplicatedEvents,
                firstProblem,
                timedOut,
                lostExamples,
                null,
                coldWindowNanos == 0
                        ? null
                        : new ColdFigures(
                                round(coldWindowNanos / 1e9), Percentiles.of(coldFirst), Percentiles.of(coldRest)));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
