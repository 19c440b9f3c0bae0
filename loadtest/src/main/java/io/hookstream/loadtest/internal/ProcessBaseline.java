package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestException;
import io.hookstream.loadtest.PassFigures;
import io.hookstream.loadtest.Percentiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The limit for exec hooks on this machine: {@code concurrency} threads that each start {@code command} with a
 * bare {@link ProcessBuilder} (output discarded) and wait for it, until {@code count} processes have run.
 */
public final class ProcessBaseline {

    private ProcessBaseline() {}

    public static PassFigures run(List<String> command, int count, int concurrency, long deadlineNanos) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "loadtest-process-baseline");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                Histogram histogram = Percentiles.newHistogram();
                histograms.add(histogram);
                loops.add(pool.submit(() -> loop(command, count, next, failures, histogram, deadlineNanos)));
            }
            for (Future<?> loop : loops) {
                loop.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            throw new LoadTestException("ProcessBaselineFailed", "the ProcessBuilder baseline failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        Histogram all = Percentiles.newHistogram();
        histograms.forEach(all::add);
        long done = all.getTotalCount();
        double throughput = elapsed <= 0 ? 0 : Math.round(done * 1e10 / elapsed) / 10.0;
        Percentiles latency = Percentiles.of(all);
        Percentiles none = Percentiles.of(Percentiles.newHistogram());
        return new PassFigures(
                count,
                count,
                done,
                0,
                done,
                throughput,
                0,
                Math.round(elapsed / 1e8) / 10.0,
                latency,
                none,
                latency,
                none,
                PassFigures.Stages.none(),
                count - done,
                0,
                0,
                0,
                failures.get(),
                failures.get() == 0 ? Map.of() : Map.of("Failed/NonZeroExit", (int) failures.get()),
                0,
                0,
                Map.of(),
                0,
                0,
                null,
                System.nanoTime() > deadlineNanos,
                List.of(),
                null,
                null);
    }

    private static void loop(
            List<String> command,
            int count,
            AtomicInteger next,
            AtomicLong failures,
            Histogram histogram,
            long deadlineNanos) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        while (next.getAndIncrement() < count && System.nanoTime() < deadlineNanos) {
            long started = System.nanoTime();
            try {
                Process process = builder.start();
                process.getOutputStream().close();
                if (process.waitFor() != 0) {
                    failures.incrementAndGet();
                }
            } catch (IOException e) {
                failures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Percentiles.record(histogram, (System.nanoTime() - started) / 1000);
        }
    }
}
