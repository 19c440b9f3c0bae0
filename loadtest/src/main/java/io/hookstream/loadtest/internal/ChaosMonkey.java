package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.ChaosFigures;
import io.hookstream.loadtest.ChaosMode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --chaos}: while hooks are still waiting for results, after a random pause (exponential with the given
 * mean, kept between 0.2× and 3× of it) does one thing to the worker JVMs, picked at random among those the modes
 * allow and the bounds permit: {@code kill-worker} SIGKILLs one and starts a replacement; {@code scale} adds one,
 * SIGTERMs one (it drains its hooks in flight), or replaces one as a rolling update does (starts one, waits until
 * its readiness endpoint answers, then SIGTERMs an old one). Never fewer than one worker JVM, never more than the
 * bound. Every event is logged as a {@code [chaos]} line and counted ({@link #figures}).
 */
public final class ChaosMonkey implements AutoCloseable {

    /** What one chaos step does. */
    enum Event {
        KILL,
        ADD,
        REMOVE,
        ROLL
    }

    /** How long a rolling replacement waits for the new worker to be ready before it gives up. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final WorkerProcesses processes;
    private final Set<ChaosMode> modes;
    private final int maxWorkers;
    private final Duration meanInterval;
    private final Random random;
    private final Tracker tracker;
    private final PrintStream log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private final List<Double> readySeconds = new ArrayList<>();
    private int kills;
    private int added;
    private int removed;
    private int rolled;
    private int rollsNotReady;
    private int fewest;
    private int most;

    private ChaosMonkey(
            WorkerProcesses processes,
            Set<ChaosMode> modes,
            int maxWorkers,
            Duration meanInterval,
            Random random,
            Tracker tracker,
            PrintStream log) {
        this.processes = processes;
        this.modes = Set.copyOf(modes);
        this.maxWorkers = maxWorkers;
        this.meanInterval = meanInterval;
        this.random = random;
        this.tracker = tracker;
        this.log = log;
        this.fewest = processes.running();
        this.most = processes.running();
        this.thread = new Thread(this::loop, "loadtest-chaos");
        thread.setDaemon(true);
    }

    /**
     * @param maxWorkers the most worker JVMs {@code scale} may run at once
     * @param log        where {@code [chaos]} lines go, or null
     */
    public static ChaosMonkey start(
            WorkerProcesses processes,
            Set<ChaosMode> modes,
            int maxWorkers,
            Duration meanInterval,
            Random random,
            Tracker tracker,
            PrintStream log) {
        ChaosMonkey monkey = new ChaosMonkey(processes, modes, maxWorkers, meanInterval, random, tracker, log);
        monkey.thread.start();
        return monkey;
    }

    /** The next pause: exponential with the mean, kept between 0.2× and 3× the mean. */
    static long nextPauseMillis(Random random, Duration mean) {
        double millis = -Math.log(1 - random.nextDouble()) * mean.toMillis();
        return (long) Math.max(0.2 * mean.toMillis(), Math.min(3.0 * mean.toMillis(), millis));
    }

    /**
     * The next event: one of those the modes allow that keeps the worker JVMs between 1 and {@code max} (a kill
     * needs two, so that one keeps running while the replacement starts), each equally likely; null when none is
     * possible.
     */
    static Event choose(Set<ChaosMode> modes, int running, int max, Random random) {
        List<Event> possible = new ArrayList<>();
        if (modes.contains(ChaosMode.KILL_WORKER) && running >= 2) {
            possible.add(Event.KILL);
        }
        if (modes.contains(ChaosMode.SCALE)) {
            if (running < max) {
                possible.add(Event.ADD);
                possible.add(Event.ROLL);
            }
            if (running > 1) {
                possible.add(Event.REMOVE);
            }
        }
        return possible.isEmpty() ? null : possible.get(random.nextInt(possible.size()));
    }

    private void loop() {
        try {
            while (!stopped.await(nextPauseMillis(random, meanInterval), TimeUnit.MILLISECONDS)) {
                if (tracker.allResults()) {
                    return;
                }
                Event event = choose(modes, processes.running(), maxWorkers, random);
                if (event != null) {
                    act(event);
                    fewest = Math.min(fewest, processes.running());
                    most = Math.max(most, processes.running());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void act(Event event) {
        switch (event) {
            case KILL -> {
                List<WorkerProcesses.Member> pair = processes.killOne(random);
                if (!pair.isEmpty()) {
                    kills++;
                    say("SIGKILLed " + pair.get(0).name() + " and started "
                            + pair.get(1).name() + " in its place");
                }
            }
            case ADD -> {
                WorkerProcesses.Member member = processes.add();
                added++;
                say("added " + member.name());
            }
            case REMOVE -> {
                WorkerProcesses.Terminated gone = processes.terminateOne(random, null);
                if (gone != null) {
                    removed++;
                    say("SIGTERMed " + gone.member().name() + " (it lets its hooks in flight finish)");
                    reportExit(gone);
                }
            }
            case ROLL -> roll();
        }
    }

    private void roll() {
        WorkerProcesses.Member fresh = processes.add();
        say("rolling replacement: started " + fresh.name() + ", waiting until it is ready");
        long start = System.nanoTime();
        boolean ready = processes.awaitReady(fresh, READY_TIMEOUT, () -> stopped.getCount() == 0);
        double seconds = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
        if (!ready) {
            rollsNotReady++;
            String why = stopped.getCount() == 0
                    ? "the pass ended before " + fresh.name() + " was ready"
                    : !fresh.process().isAlive()
                            ? fresh.name() + " exited before it was ready (see its log)"
                            : fresh.name() + " not ready after " + seconds + " s";
            say("rolling replacement abandoned: " + why + "; no old worker removed");
            return;
        }
        WorkerProcesses.Terminated old = processes.terminateOne(random, fresh);
        if (old == null) {
            rollsNotReady++;
            return;
        }
        rolled++;
        readySeconds.add(seconds);
        say("rolling replacement: " + fresh.name() + " ready after " + seconds + " s; SIGTERMed "
                + old.member().name());
        reportExit(old);
    }

    private void reportExit(WorkerProcesses.Terminated gone) {
        gone.exited().thenAccept(seconds -> say(gone.member().name() + " exited " + seconds + " s after SIGTERM"));
    }

    private void say(String what) {
        if (log != null) {
            log.println(String.format(
                    Locale.ROOT,
                    "[chaos] %6.1fs %s (%d worker JVMs running)",
                    (System.nanoTime() - startNanos) / 1e9,
                    what,
                    processes.running()));
        }
    }

    /** What chaos did; call after {@link #close}. */
    public ChaosFigures figures() {
        WorkerProcesses.Drains drains = processes.drains();
        return new ChaosFigures(
                kills,
                added,
                removed,
                rolled,
                rollsNotReady,
                fewest,
                most,
                readySeconds,
                drains.exitSeconds(),
                drains.forced(),
                drains.stillRunning());
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
