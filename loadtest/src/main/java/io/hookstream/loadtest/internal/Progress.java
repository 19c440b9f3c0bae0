package io.hookstream.loadtest.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one progress line a second while a pass runs: sent, results, in flight, current rate, outcomes. */
public final class Progress implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private long lastResults;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts printing to {@code out}; a null stream prints nothing. */
    public static Progress start(String label, Tracker tracker, PrintStream out) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loadtest-progress");
            thread.setDaemon(true);
            return thread;
        });
        Progress progress = new Progress(timer);
        if (out != null) {
            timer.scheduleAtFixedRate(() -> out.println(progress.line(label, tracker)), 1, 1, TimeUnit.SECONDS);
        }
        return progress;
    }

    String line(String label, Tracker tracker) {
        long results = tracker.results();
        long rate = results - lastResults;
        lastResults = results;
        RunIds ids = tracker.ids();
        long sentHooks = tracker.sent() * ids.hooksPerRun();
        return String.format(
                Locale.ROOT,
                "[%s %5.1fs] sent %d/%d runs, results %d/%d, in flight %d, %d hooks/s,"
                        + " outcomes %d, duplicate results %d",
                label,
                (System.nanoTime() - startNanos) / 1e9,
                tracker.sent(),
                ids.runs(),
                results,
                ids.hooks(),
                Math.max(0, sentHooks - results),
                rate,
                tracker.outcomes(),
                tracker.duplicateResultRecords());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
