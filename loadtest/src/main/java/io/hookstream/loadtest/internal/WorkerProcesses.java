package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.LoadTestException;
import io.hookstream.schemas.GoDuration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs ({@code io.hookstream.worker.Main} on this process's class path), each with its own log and GC log in
 * the run directory. {@link #killOne} SIGKILLs one (Process.destroyForcibly) and starts a replacement; a worker
 * that exits without being killed is counted as an unexpected exit.
 */
public final class WorkerProcesses implements AutoCloseable {

    /** How to start one worker JVM. */
    public record Spec(String bootstrapServers, int partitions, int consumers, int maxInFlight, Duration commitInterval,
                       String heap,
                       Duration sessionTimeout, Path dir, String signingKeys, Path templates) {
        @Override
        public String toString() {
            return "Spec[" + bootstrapServers + ", " + partitions + " partitions, " + consumers + " consumers]";
        }
    }

    private final Spec spec;
    private final List<Process> running = new ArrayList<>();
    private final List<Path> gcLogs = new ArrayList<>();
    private final List<Process> killed = new ArrayList<>();
    private int started;
    private int kills;

    private final Thread reaper = new Thread(this::killAll, "loadtest-worker-reaper");

    public WorkerProcesses(Spec spec) {
        this.spec = spec;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** On an abnormal exit of the tool (Ctrl-C, --timeout in a stuck close), no worker JVM is left behind. */
    private synchronized void killAll() {
        running.forEach(Process::destroyForcibly);
    }

    public synchronized void start(int count) {
        for (int i = 0; i < count; i++) {
            running.add(launch());
        }
    }

    private Process launch() {
        int n = started++;
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
        command.addAll(List.of("--bootstrap-servers", spec.bootstrapServers(),
                "--worker-instances", Integer.toString(spec.consumers()),
                "--max-in-flight", Integer.toString(spec.maxInFlight()),
                "--topic-partitions", Integer.toString(spec.partitions()),
                "--topic-replication-factor", "1",
                "--shutdown-timeout", "5s",
                "--worker-http-port", "0",
                "--instance-id", "loadtest-worker-" + n,
                "--templates", spec.templates().toString()));
        if (spec.commitInterval() != null) {
            command.addAll(List.of("--commit-interval", GoDuration.format(spec.commitInterval())));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(spec.dir().resolve("worker-" + n + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("HOOKSTREAM_"));
        builder.environment().put("HOOKSTREAM_LOG_LEVEL", "WARN");
        // the dispatcher's in-memory key, through the environment (not argv, which the process list shows)
        builder.environment().put("HOOKSTREAM_HOOK_SIGNING_KEYS", spec.signingKeys());
        if (spec.sessionTimeout() != null) {
            builder.environment().put("HOOKSTREAM_KAFKA_SESSION_TIMEOUT_MS",
                    Long.toString(spec.sessionTimeout().toMillis()));
        }
        try {
            Process process = builder.start();
            gcLogs.add(gcLog);
            return process;
        } catch (IOException e) {
            throw new LoadTestException("WorkerNotStarted", "cannot start a worker JVM (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    /** SIGKILLs a random running worker, waits for it to be gone and starts a replacement. */
    public synchronized void killOne(Random random) {
        if (running.isEmpty()) {
            return;
        }
        Process victim = running.remove(random.nextInt(running.size()));
        victim.destroyForcibly();
        try {
            victim.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killed.add(victim);
        kills++;
        running.add(launch());
    }

    public synchronized int kills() {
        return kills;
    }

    /** Workers that exited though nobody killed them (a crash, an out-of-memory exit). */
    public synchronized int unexpectedExits() {
        return (int) running.stream().filter(p -> !p.isAlive()).count();
    }

    public synchronized List<Path> gcLogs() {
        return List.copyOf(gcLogs);
    }

    public Path dir() {
        return spec.dir();
    }

    /** SIGTERM to every worker (they finish what is in flight and commit), SIGKILL after 15 s. */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the reaper runs anyway
        }
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Process process : running) {
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
