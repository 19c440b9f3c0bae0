package io.hookstream.loadtest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * CPU counters of processes and threads as the kernel keeps them: {@code /proc/<pid>/stat} utime + stime (the
 * process's own CPU) and cutime + cstime (CPU of its children that it has waited for, e.g. the processes of exec
 * hooks), in clock ticks ({@code getconf CLK_TCK}, normally 100 a second). Where there is no {@code /proc} (not
 * Linux), {@link ProcessHandle.Info#totalCpuDuration()} gives the own CPU and children are unknown.
 */
final class ProcStat {

    /** CPU in nanoseconds: the process's own, and its reaped children's (-1 when unknown). */
    record Cpu(long ownNanos, long childrenNanos) {}

    /** A thread's {@code /proc} name (at most 15 characters) and CPU in nanoseconds. */
    record TaskCpu(String comm, long nanos) {}

    private static final Path PROC = Path.of("/proc");
    private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicks();

    private ProcStat() {}

    /** The CPU of process {@code pid}, or empty when it is gone (or cannot be read). */
    static Optional<Cpu> process(long pid) {
        Optional<String[]> fields = fields(PROC.resolve(Long.toString(pid)).resolve("stat"));
        if (fields.isPresent()) {
            String[] f = fields.get();
            return Optional.of(new Cpu(ticks(f, 11) + ticks(f, 12), ticks(f, 13) + ticks(f, 14)));
        }
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> new Cpu(d.toNanos(), -1));
    }

    /** Every thread of process {@code pid} by its tid, empty without {@code /proc}. */
    static Map<Long, TaskCpu> tasks(long pid) {
        Map<Long, TaskCpu> out = new HashMap<>();
        Path dir = PROC.resolve(Long.toString(pid)).resolve("task");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir)) {
            for (Path task : tasks) {
                String text = read(task.resolve("stat"));
                if (text == null) {
                    continue; // the thread ended meanwhile
                }
                int open = text.indexOf('(');
                int close = text.lastIndexOf(')');
                String[] f = text.substring(close + 2).trim().split(" ");
                out.put(
                        Long.parseLong(task.getFileName().toString()),
                        new TaskCpu(text.substring(open + 1, close), ticks(f, 11) + ticks(f, 12)));
            }
        } catch (IOException e) {
            // the process ended meanwhile: what was read is what there is
        }
        return out;
    }

    /** The fields after the name (which may hold spaces and parentheses): [0] is the state, [11] utime. */
    private static Optional<String[]> fields(Path stat) {
        String text = read(stat);
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(text.substring(text.lastIndexOf(')') + 2).trim().split(" "));
    }

    private static long ticks(String[] fields, int index) {
        return Long.parseLong(fields[index]) * NANOS_PER_TICK;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code getconf CLK_TCK}; 100 (the Linux default) when it cannot be asked. */
    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            try (InputStream in = getconf.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (getconf.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)
                        && getconf.exitValue() == 0) {
                    long ticks = Long.parseLong(out);
                    if (ticks > 0) {
                        return ticks;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no getconf: the Linux default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
