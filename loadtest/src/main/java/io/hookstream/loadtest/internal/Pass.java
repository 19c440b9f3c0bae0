package io.hookstream.loadtest.internal;

import io.hookstream.kafka.KafkaClients;
import io.hookstream.loadtest.CpuFigures;
import io.hookstream.loadtest.LoadTestException;
import io.hookstream.loadtest.PassFigures;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One measured pass: captures the end offsets of the watched topics, sends the run requests, waits until every
 * hook has a result and every run an outcome (or nothing new arrived for the drain timeout, or the deadline
 * passed), keeps watching for the settle time to catch late duplicates, and returns the figures.
 */
public final class Pass {

    /**
     * @param topics        the watched topics per hop
     * @param rate          runs per second, 0 for as fast as possible
     * @param deadlineNanos the tool's overall deadline ({@code --timeout})
     * @param during        started once sending begins and closed before the settle wait (chaos), may be null
     * @param cpu           starts measuring the CPU of the test's processes when sending begins; the pass stops it
     *                      once every hook has its result (or the drain ends); null for no measurement
     * @param coldWindow    latencies of the hooks that start within this window are also kept apart, or null
     */
    public record Spec(
            String label,
            String bootstrapServers,
            String requestsTopic,
            Map<Hop, String> topics,
            RecordDecoder decoder,
            RunIds ids,
            RunRequests requests,
            double rate,
            Duration drainTimeout,
            Duration settle,
            long deadlineNanos,
            PrintStream progress,
            Function<Tracker, AutoCloseable> during,
            Supplier<CpuMeter> cpu,
            Duration coldWindow) {}

    private Pass() {}

    public static PassFigures run(Spec spec) {
        Tracker tracker = new Tracker(spec.ids(), spec.coldWindow());
        boolean timedOut = false;
        CpuFigures cpu = null;
        Producer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(
                KafkaClients.common(spec.bootstrapServers(), Map.of(), "loadtest-driver-" + spec.label())));
        try (Collector collector =
                        new Collector(spec.bootstrapServers(), spec.topics(), spec.decoder(), tracker).start();
                Progress progress = Progress.start(spec.label(), tracker, spec.progress())) {
            Driver driver = new Driver(
                    producer,
                    spec.requestsTopic(),
                    spec.requests(),
                    tracker,
                    spec.rate(),
                    () -> System.nanoTime() > spec.deadlineNanos());
            Thread sender = new Thread(driver, "loadtest-driver");
            sender.setDaemon(true);
            CpuMeter meter = spec.cpu() == null ? null : spec.cpu().get();
            sender.start();
            AutoCloseable during = spec.during() == null ? null : spec.during().apply(tracker);
            try {
                timedOut = awaitEnd(spec, tracker, driver, collector);
                cpu = meter == null ? null : meter.stop(tracker.results());
            } finally {
                closeQuietly(during);
            }
            if (!timedOut) {
                long settleEnd = Math.min(
                        spec.deadlineNanos(), System.nanoTime() + spec.settle().toNanos());
                while (System.nanoTime() < settleEnd) {
                    GroupWatch.pause(Math.max(1, Math.min(100, (settleEnd - System.nanoTime()) / 1_000_000)));
                }
            }
            join(sender);
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
        PassFigures figures = tracker.snapshot(timedOut);
        return cpu == null ? figures : figures.withCpu(cpu);
    }

    private static boolean awaitEnd(Spec spec, Tracker tracker, Driver driver, Collector collector) {
        long drainNanos = spec.drainTimeout().toNanos();
        while (true) {
            if (collector.failure() != null) {
                throw new LoadTestException(
                        "CollectorFailed",
                        "reading the result topics failed: "
                                + collector.failure().getMessage(),
                        collector.failure());
            }
            long now = System.nanoTime();
            if (now > spec.deadlineNanos()) {
                return true;
            }
            if (driver.done() && (tracker.complete() || now - tracker.lastActivityNanos() > drainNanos)) {
                return false;
            }
            GroupWatch.pause(20);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // stopping chaos at the end of a pass; the figures are what counts
        }
    }
}
