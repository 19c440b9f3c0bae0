package io.hookstream.loadtest.internal;

import io.hookstream.loadtest.CpuFigures;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Measures the CPU of the processes in a test over a window: {@link #start} reads every process's counters,
 * {@link #stop} reads them again and returns the differences, per process and per hook. For this JVM (where the
 * embedded broker, dispatcher and in-process workers run) the CPU is also split by thread group: Java threads by
 * name ({@link ThreadGroups}) from their {@code ThreadMXBean} CPU times, the JVM's own threads (JIT, GC) from
 * {@code /proc/self/task}; what no live thread accounts for is {@code unattributed}. Other processes (worker JVMs,
 * {@code --cpu-pid}) are read from {@code /proc/<pid>/stat}.
 */
public final class CpuMeter {

    /** A process to measure besides this JVM. */
    public record Target(String name, String role, long pid) {}

    private record Reading(
            long nanos,
            long ownNanos,
            long childrenNanos,
            Map<Long, String> threadNames,
            Map<Long, Long> threadNanos,
            Map<Long, ProcStat.TaskCpu> tasks,
            Map<Long, Optional<ProcStat.Cpu>> others) {}

    private static final long SELF = ProcessHandle.current().pid();

    private final String selfRole;
    private final Supplier<List<Target>> targets;
    private final Map<Long, Target> seen = new LinkedHashMap<>();
    private final Reading start;

    private CpuMeter(String selfRole, Supplier<List<Target>> targets) {
        this.selfRole = selfRole;
        this.targets = targets;
        this.start = read();
    }

    /**
     * Reads the counters now.
     *
     * @param selfRole what runs in this JVM (for the report)
     * @param targets  the other processes of the test, asked at the start and at the end (worker JVMs may change)
     */
    public static CpuMeter start(String selfRole, Supplier<List<Target>> targets) {
        return new CpuMeter(selfRole, targets);
    }

    /** Reads the counters again; the per-hook figures divide by {@code hooks}. */
    public CpuFigures stop(long hooks) {
        Reading end = read();
        List<CpuFigures.ProcessCpu> processes = new ArrayList<>();
        double selfMs = ms(end.ownNanos() - start.ownNanos());
        Double selfChildren = start.childrenNanos() < 0 || end.childrenNanos() < 0
                ? null
                : ms(end.childrenNanos() - start.childrenNanos());
        processes.add(new CpuFigures.ProcessCpu(
                "tool-jvm",
                selfRole,
                SELF,
                round1(selfMs),
                perHook(selfMs, hooks),
                selfChildren == null ? null : round1(selfChildren),
                threadGroups(end, selfMs),
                false));
        double total = selfMs + (selfChildren == null ? 0 : selfChildren);
        boolean complete = true;
        for (Target target : seen.values()) {
            Optional<ProcStat.Cpu> before = start.others().getOrDefault(target.pid(), Optional.empty());
            Optional<ProcStat.Cpu> after = end.others().getOrDefault(target.pid(), Optional.empty());
            boolean exited = after.isEmpty();
            complete &= !exited;
            // a process started in the window counts from zero; one that ended counts up to nothing we could read
            long own = after.map(ProcStat.Cpu::ownNanos)
                            .orElse(before.map(ProcStat.Cpu::ownNanos).orElse(0L))
                    - before.map(ProcStat.Cpu::ownNanos).orElse(0L);
            Double children = after.isEmpty() || after.get().childrenNanos() < 0
                    ? null
                    : ms(after.get().childrenNanos()
                            - before.map(ProcStat.Cpu::childrenNanos).orElse(0L));
            double ownMs = ms(own);
            total += ownMs + (children == null ? 0 : children);
            processes.add(new CpuFigures.ProcessCpu(
                    target.name(),
                    target.role(),
                    target.pid(),
                    round1(ownMs),
                    perHook(ownMs, hooks),
                    children == null ? null : round1(children),
                    Map.of(),
                    exited));
        }
        return new CpuFigures(
                Math.round((end.nanos() - start.nanos()) / 1e8) / 10.0,
                hooks,
                round1(total),
                perHook(total, hooks),
                processes,
                complete);
    }

    private Map<String, Double> threadGroups(Reading end, double selfMs) {
        Map<String, Double> groups = new HashMap<>();
        end.threadNanos().forEach((id, nanos) -> {
            long delta = nanos - start.threadNanos().getOrDefault(id, 0L);
            groups.merge(ThreadGroups.ofJavaThread(end.threadNames().get(id)), ms(delta), Double::sum);
        });
        end.tasks().forEach((tid, task) -> {
            String group = ThreadGroups.ofJvmThread(task.comm());
            if (group != null) {
                ProcStat.TaskCpu before = start.tasks().get(tid);
                long delta = task.nanos() - (before == null || !before.comm().equals(task.comm()) ? 0 : before.nanos());
                groups.merge(group, ms(delta), Double::sum);
            }
        });
        double attributed =
                groups.values().stream().mapToDouble(Double::doubleValue).sum();
        groups.put(ThreadGroups.UNATTRIBUTED, Math.max(0, selfMs - attributed));
        Map<String, Double> rounded = new HashMap<>();
        groups.forEach((group, ms) -> rounded.put(group, round1(ms)));
        return rounded;
    }

    private Reading read() {
        for (Target target : targets.get()) {
            seen.putIfAbsent(target.pid(), target);
        }
        Map<Long, Optional<ProcStat.Cpu>> others = new HashMap<>();
        for (Target target : seen.values()) {
            others.put(target.pid(), ProcStat.process(target.pid()));
        }
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long[] ids = bean.getAllThreadIds();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> nanos = new HashMap<>();
        ThreadInfo[] infos = bean.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            long cpu = bean.isThreadCpuTimeSupported() ? bean.getThreadCpuTime(ids[i]) : -1;
            if (infos[i] != null && cpu >= 0) {
                names.put(ids[i], infos[i].getThreadName());
                nanos.put(ids[i], cpu);
            }
        }
        Map<Long, ProcStat.TaskCpu> tasks = ProcStat.tasks(SELF);
        Optional<ProcStat.Cpu> self = ProcStat.process(SELF);
        long own = processCpuNanos().orElse(self.map(ProcStat.Cpu::ownNanos).orElse(0L));
        return new Reading(
                System.nanoTime(), own, self.map(ProcStat.Cpu::childrenNanos).orElse(-1L), names, nanos, tasks, others);
    }

    /** This JVM's CPU from the JVM (nanosecond resolution), where the platform bean has it. */
    private static Optional<Long> processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos >= 0 ? Optional.of(nanos) : Optional.empty();
        }
        return Optional.empty();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double perHook(double ms, long hooks) {
        return hooks <= 0 ? 0 : Math.round(ms / hooks * 1000) / 1000.0;
    }
}
