package io.hookstream.loadtest;

import java.util.List;
import java.util.Map;

/**
 * The figures of one pass (the measured hookstream pass or a baseline).
 *
 * @param throughputPerSec   first results per second, from the first send to the last first result
 * @param offeredHooksPerSec hooks offered per second while sending (runs sent per second × hooks per run)
 * @param latency            hook request→result latency
 * @param overhead           latency minus the action's own time as the worker reports it
 * @param stages             where the latency goes, from record timestamps (millisecond resolution)
 * @param lost               hooks with no result by the end (after the drain wait)
 * @param undispatched       of those, hooks never seen on the hook topic
 * @param duplicated         hooks with more than one result
 * @param duplicateResultRecords result records beyond the first per hook
 * @param firstProblem       what the first run that did not succeed reported (e.g. why it was rejected)
 * @param lostExamples       the ids of the first few lost hooks, to look up in the logs
 * @param cpu                CPU of the test's processes over the measured window, or null when not measured
 * @param cold               latency of the first window and the rest with {@code --cold}, else null
 */
public record PassFigures(
        int hooks,
        int runs,
        long runsSent,
        long sendErrors,
        long results,
        double throughputPerSec,
        double offeredHooksPerSec,
        double durationSec,
        Percentiles latency,
        Percentiles overhead,
        Percentiles action,
        Percentiles runLatency,
        Stages stages,
        long lost,
        long undispatched,
        long duplicated,
        long duplicateResultRecords,
        long failed,
        Map<String, Integer> failures,
        long runsLost,
        long runsDuplicated,
        Map<String, Integer> runOutcomes,
        long hookEventsSeen,
        long hookEventsDuplicated,
        String firstProblem,
        boolean timedOut,
        List<String> lostExamples,
        CpuFigures cpu,
        ColdFigures cold) {

    public PassFigures {
        lostExamples = lostExamples == null ? List.of() : List.copyOf(lostExamples);
    }

    /** These figures with the CPU measured over the pass. */
    public PassFigures withCpu(CpuFigures measured) {
        return new PassFigures(
                hooks,
                runs,
                runsSent,
                sendErrors,
                results,
                throughputPerSec,
                offeredHooksPerSec,
                durationSec,
                latency,
                overhead,
                action,
                runLatency,
                stages,
                lost,
                undispatched,
                duplicated,
                duplicateResultRecords,
                failed,
                failures,
                runsLost,
                runsDuplicated,
                runOutcomes,
                hookEventsSeen,
                hookEventsDuplicated,
                firstProblem,
                timedOut,
                lostExamples,
                measured,
                cold);
    }

    /** CPU per hook over the measured window, or null when not measured. */
    public Double cpuMsPerHook() {
        return cpu == null ? null : cpu.msPerHook();
    }

    /**
     * A hook's latency split by the timestamps of the records it caused.
     *
     * @param toDispatch start (intended send) → hook event produced by the dispatcher: request hop and dispatcher
     * @param inWorker   hook event produced → result produced by the worker: hook hop, queueing, action, publish
     * @param toTool     result produced → result read by the tool (read_committed)
     */
    public record Stages(Percentiles toDispatch, Percentiles inWorker, Percentiles toTool) {

        public static Stages none() {
            Percentiles empty = new Percentiles(0, 0, 0, 0, 0, 0, 0);
            return new Stages(empty, empty, empty);
        }
    }
}
