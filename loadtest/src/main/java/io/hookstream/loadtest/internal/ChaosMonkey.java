package io.hookstream.loadtest.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --chaos kill-worker}: while hooks are still waiting for results, SIGKILLs a random worker JVM after a
 * random pause (exponential with the given mean, kept between 0.2× and 3× of it) and starts a replacement.
 */
public final class ChaosMonkey implements AutoCloseable {

    private final WorkerProcesses processes;
    private final Duration meanInterval;
    private final Random random;
    private final Tracker tracker;
    private final PrintStream log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private ChaosMonkey(WorkerProcesses processes, Duration meanInterval, Random random, Tracker tracker,
                        PrintStream log) {
        this.processes = processes;
        this.meanInterval = meanInterval;
        this.random = random;
        this.tracker = tracker;
        this.log = log;
        this.thread = new Thread(this::loop, "loadtest-chaos");
        thread.setDaemon(true);
    }

    public static ChaosMonkey start(WorkerProcesses processes, Duration meanInterval, Random random, Tracker tracker,
                                    PrintStream log) {
        ChaosMonkey monkey = new ChaosMonkey(processes, meanInterval, random, tracker, log);
        monkey.thread.start();
        return monkey;
    }

    /** The next pause: exponential with the mean, kept between 0.2× and 3× the mean. */
    static long nextPauseMillis(Random random, Duration mean) {
        double millis = -Math.log(1 - random.nextDouble()) * mean.toMillis();
        return (long) Math.max(0.2 * mean.toMillis(), Math.min(3.0 * mean.toMillis(), millis));
    }

    private void loop() {
        try {
            while (!stopped.await(nextPauseMillis(random, meanInterval), TimeUnit.MILLISECONDS)) {
                if (tracker.allResults()) {
                    return;
                }
                processes.killOne(random);
                if (log != null) {
                    log.println("[chaos] SIGKILLed a worker JVM and started a replacement (" + processes.kills()
                            + " kills so far)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
