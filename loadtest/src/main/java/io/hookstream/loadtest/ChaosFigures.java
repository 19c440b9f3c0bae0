package io.hookstream.loadtest;

import java.util.List;

/**
 * What {@code --chaos} did during the measured pass.
 *
 * @param kills             worker JVMs SIGKILLed (each replaced at once)
 * @param added             worker JVMs added
 * @param removed           worker JVMs removed with SIGTERM
 * @param rolled            rolling replacements: a new worker JVM ready, then an old one SIGTERMed
 * @param rollsNotReady     rolling replacements abandoned because the new worker was not ready in time or the
 *                          pass ended first (the new one keeps running, no old one was removed)
 * @param fewestWorkers     the fewest worker JVMs running (not told to stop) after any event
 * @param mostWorkers       the most worker JVMs running after any event
 * @param readySeconds      for each rolling replacement, seconds from starting the new JVM to its readiness
 * @param exitSeconds       for each worker SIGTERMed by chaos, seconds from the signal to its exit (its drain)
 * @param forcedAfterSigterm SIGTERMed workers still alive long after their shutdown timeout, then SIGKILLed
 * @param stillDraining     SIGTERMed workers still running when the pass ended
 */
public record ChaosFigures(
        int kills,
        int added,
        int removed,
        int rolled,
        int rollsNotReady,
        int fewestWorkers,
        int mostWorkers,
        List<Double> readySeconds,
        List<Double> exitSeconds,
        int forcedAfterSigterm,
        int stillDraining) {

    public ChaosFigures {
        readySeconds = readySeconds == null ? List.of() : List.copyOf(readySeconds);
        exitSeconds = exitSeconds == null ? List.of() : List.copyOf(exitSeconds);
    }

    /** Every chaos event (kills, additions, removals and rolling replacements, abandoned ones included). */
    public int events() {
        return kills + added + removed + rolled + rollsNotReady;
    }
}
