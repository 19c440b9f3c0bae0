package io.hookstream.loadtest;

import java.util.List;
import java.util.Map;

/**
 * CPU time the processes of a test spent over a pass's measured window (from its first request to its last
 * result, so a warm-up is not in it), from the processes' own counters, and per hook.
 *
 * @param windowSec   how long the window was
 * @param hooks       hooks with a result in the window (the divisor of the per-hook figures)
 * @param cpuMs       CPU of every process below, with the children they reaped (exec hooks' processes)
 * @param msPerHook   {@code cpuMs / hooks}: the {@code cpuMsPerHook} of the JSON
 * @param processes   the split: the tool's JVM first, then its worker JVMs and any {@code --cpu-pid}
 * @param complete    false when a process ended within the window (its CPU after the last reading is missing)
 */
public record CpuFigures(
        double windowSec, long hooks, double cpuMs, double msPerHook, List<ProcessCpu> processes, boolean complete) {

    public CpuFigures {
        processes = List.copyOf(processes);
    }

    /**
     * One process's CPU in the window.
     *
     * @param name            {@code tool-jvm} (this JVM), {@code worker-N} (a worker JVM), or {@code pid-N}
     * @param role            what runs in it
     * @param cpuMs           its own CPU (utime + stime)
     * @param childrenCpuMs   CPU of its children that ended and were reaped in the window (exec hooks' processes),
     *                        or null when unknown
     * @param threadGroupsMs  for this JVM, {@link #cpuMs} split by what its threads work for (broker, dispatcher,
     *                        workers, vertx, tool, baselineRelays, jit, gc, vm, otherThreads, unattributed); empty
     *                        for other processes
     * @param exited          whether it ended within the window
     */
    public record ProcessCpu(
            String name,
            String role,
            long pid,
            double cpuMs,
            double msPerHook,
            Double childrenCpuMs,
            Map<String, Double> threadGroupsMs,
            boolean exited) {

        public ProcessCpu {
            threadGroupsMs = Map.copyOf(threadGroupsMs);
        }
    }
}
