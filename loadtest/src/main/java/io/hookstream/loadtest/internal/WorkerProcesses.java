package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestException;
import io.hookstream.schemas.GoDuration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Worker JVMs ({@code io.hookstream.worker.Main} on this process's class path), each with its own log and GC log in
 * the run directory and its health endpoint on a loopback port. {@link #killOne} SIGKILLs one
 * (Process.destroyForcibly) and starts a replacement; {@link #add} starts one more; {@link #terminateOne} SIGTERMs
 * one, which lets its hooks in flight finish (within the shutdown timeout) before it exits. A worker that exits
 * without being killed or terminated is counted as an unexpected exit.
 */
public final class WorkerProcesses implements AutoCloseable {

    /** How to start one worker JVM. */
    public record Spec(
            String bootstrapServers,
            int partitions,
            int consumers,
            int maxInFlight,
            Duration commitInterval,
            Duration hookLease,
            String heap,
            Duration sessionTimeout,
            Duration shutdownTimeout,
            Path dir,
            String signingKeys,
            Path templates,
            String logLevel) {
        @Override
        public String toString() {
            return "Spec[" + bootstrapServers + ", " + partitions + " partitions, " + consumers + " consumers]";
        }
    }

    /** One worker JVM the tool started: its number (as in its log's name), process and health port. */
    public record Member(int number, Process process, int httpPort) {

        public String name() {
            return "worker-" + number;
        }
    }

    /** How SIGTERMed workers ended: seconds from SIGTERM to exit, and those SIGKILLed after the grace. */
    public record Drains(List<Double> exitSeconds, int forced, int stillRunning) {}

    private static final Duration READY_POLL = Duration.ofMillis(250);

    private final Spec spec;
    private final List<Member> running = new ArrayList<>();
    private final List<Member> terminated = new ArrayList<>();
    private final List<Member> killed = new ArrayList<>();
    private final List<Path> gcLogs = new ArrayList<>();
    private final List<Terminated> terminations = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HealthPorts ports = HealthPorts.belowEphemeralRange(new Random());
    private int started;
    private int forced;

    private final Thread reaper = new Thread(this::killAll, "loadtest-worker-reaper");

    public WorkerProcesses(Spec spec) {
        this.spec = spec;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** On an abnormal exit of the tool (Ctrl-C, --timeout in a stuck close), no worker JVM is left behind. */
    private synchronized void killAll() {
        running.forEach(m -> m.process().destroyForcibly());
        terminated.forEach(m -> m.process().destroyForcibly());
    }

    public synchronized void start(int count) {
        for (int i = 0; i < count; i++) {
            running.add(launch());
        }
    }

    private Member launch() {
        int n = started++;
        int port = ports.next();
        Path gcLog = spec.dir().resolve("worker-" + n + "-gc.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (spec.heap() != null) {
            command.add("-Xmx" + spec.heap());
        }
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Xlog:gc:file=" + gcLog);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.hookstream.worker.Main");
        command.addAll(List.of(
                "--bootstrap-servers",
                spec.bootstrapServers(),
                "--worker-instances",
                Integer.toString(spec.consumers()),
                "--max-in-flight",
                Integer.toString(spec.maxInFlight()),
                "--topic-partitions",
                Integer.toString(spec.partitions()),
                "--topic-replication-factor",
                "1",
                "--shutdown-timeout",
                GoDuration.format(spec.shutdownTimeout()),
                "--worker-http-host",
                Loopback.HOST,
                "--worker-http-port",
                Integer.toString(port),
                "--instance-id",
                "loadtest-worker-" + n,
                "--templates",
                spec.templates().toString()));
        if (spec.commitInterval() != null) {
            command.addAll(List.of("--commit-interval", GoDuration.format(spec.commitInterval())));
        }
        if (spec.hookLease() != null) {
            command.addAll(List.of("--hook-lease", GoDuration.format(spec.hookLease())));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(spec.dir().resolve("worker-" + n + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("HOOKSTREAM_"));
        builder.environment().put("HOOKSTREAM_LOG_LEVEL", spec.logLevel());
        // the dispatcher's in-memory key, through the environment (not argv, which the process list shows)
        builder.environment().put("HOOKSTREAM_HOOK_SIGNING_KEYS", spec.signingKeys());
        if (spec.sessionTimeout() != null) {
            builder.environment()
                    .put(
                            "HOOKSTREAM_KAFKA_SESSION_TIMEOUT_MS",
                            Long.toString(spec.sessionTimeout().toMillis()));
        }
        try {
            Process process = builder.start();
            gcLogs.add(gcLog);
            return new Member(n, process, port);
        } catch (IOException e) {
            throw new LoadTestException(
                    "WorkerNotStarted", "cannot start a worker JVM (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** SIGKILLs a random running worker, waits for it to be gone and starts a replacement; returns both. */
    public synchronized List<Member> killOne(Random random) {
        if (running.isEmpty()) {
            return List.of();
        }
        Member victim = running.remove(random.nextInt(running.size()));
        victim.process().destroyForcibly();
        try {
            victim.process().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killed.add(victim);
        Member replacement = launch();
        running.add(replacement);
        return List.of(victim, replacement);
    }

    /** Starts one more worker JVM. */
    public synchronized Member add() {
        Member member = launch();
        running.add(member);
        return member;
    }

    /**
     * SIGTERMs a random running worker other than {@code keep} (may be null): it stops taking hooks, lets those in
     * flight finish within its shutdown timeout, commits and exits; one still alive a grace period after that
     * timeout is SIGKILLed. Returns the worker and a future of the seconds it took to exit, or null when no
     * other worker runs.
     */
    public synchronized Terminated terminateOne(Random random, Member keep) {
        List<Member> candidates = running.stream().filter(m -> !m.equals(keep)).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Member victim = candidates.get(random.nextInt(candidates.size()));
        running.remove(victim);
        terminated.add(victim);
        long sigterm = System.nanoTime();
        victim.process().destroy();
        CompletableFuture<Double> exited =
                victim.process().onExit().thenApply(p -> Math.round((System.nanoTime() - sigterm) / 1e8) / 10.0);
        long graceMillis = spec.shutdownTimeout().plusSeconds(30).toMillis();
        CompletableFuture.delayedExecutor(graceMillis, TimeUnit.MILLISECONDS).execute(() -> {
            if (victim.process().isAlive()) {
                synchronized (this) {
                    forced++;
                }
                victim.process().destroyForcibly();
            }
        });
        Terminated termination = new Terminated(victim, exited);
        terminations.add(termination);
        return termination;
    }

    /** A worker that was sent SIGTERM, and when it exited (seconds after the signal). */
    public record Terminated(Member member, CompletableFuture<Double> exited) {}

    /**
     * Waits until the worker's {@code /health/ready} answers 200 (every consumer holds partitions, producers work),
     * as a Kubernetes readiness probe would before a rolling update removes an old pod.
     *
     * @return true when ready; false when it exited, {@code timeout} passed, or {@code cancelled} said so
     */
    public boolean awaitReady(Member member, Duration timeout, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + Loopback.HOST + ":" + member.httpPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline
                && !cancelled.getAsBoolean()
                && member.process().isAlive()) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            GroupWatch.pause(READY_POLL.toMillis());
        }
        return false;
    }

    /** Every worker JVM started and not yet reaped by {@link #close()}: running, SIGTERMed and SIGKILLed ones. */
    public synchronized List<Member> members() {
        List<Member> all = new ArrayList<>(running);
        all.addAll(terminated);
        all.addAll(killed);
        return all;
    }

    /** Worker JVMs running and not told to stop. */
    public synchronized int running() {
        return running.size();
    }

    public synchronized int kills() {
        return killed.size();
    }

    /** Worker JVMs started in all (the first ones, replacements and additions). */
    public synchronized int started() {
        return started;
    }

    public Drains drains() {
        List<Terminated> all;
        int forcedSoFar;
        synchronized (this) {
            all = List.copyOf(terminations);
            forcedSoFar = forced;
        }
        List<Double> seconds = new ArrayList<>();
        int alive = 0;
        for (Terminated t : all) {
            if (t.member().process().isAlive()) {
                alive++;
                continue;
            }
            try {
                seconds.add(t.exited().get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                // exited, but its exit was not reported in time: left out of the drain times
            }
        }
        return new Drains(List.copyOf(seconds), forcedSoFar, alive);
    }

    /** Workers that exited though nobody killed or terminated them (a crash, an out-of-memory exit). */
    public synchronized int unexpectedExits() {
        return (int) running.stream().filter(m -> !m.process().isAlive()).count();
    }

    public synchronized List<Path> gcLogs() {
        return List.copyOf(gcLogs);
    }

    public Path dir() {
        return spec.dir();
    }

    /**
     * SIGTERM to every worker (they finish what is in flight and commit), SIGKILL for any still alive 15 s after
     * their shutdown timeout.
     */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the reaper runs anyway
        }
        running.forEach(m -> m.process().destroy());
        List<Member> all = new ArrayList<>(running);
        all.addAll(terminated);
        long deadline =
                System.nanoTime() + spec.shutdownTimeout().plusSeconds(15).toNanos();
        for (Member member : all) {
            Process process = member.process();
            try {
                if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
