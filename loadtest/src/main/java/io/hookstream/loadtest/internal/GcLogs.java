package io.hookstream.loadtest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads worker JVMs' {@code -Xlog:gc} files: how full the heap was before and after collections, how many pauses
 * and full collections there were and how long they took.
 *
 * @param peakBeforeGcMiB the most heap in use when a collection started
 * @param peakAfterGcMiB  the most heap still in use after a collection (the live set, roughly)
 * @param heapCommittedMaxMiB the largest committed heap any collection reported
 */
public record GcLogs(
        int files,
        long pauses,
        long fullGcs,
        double pauseTotalMs,
        double pauseMaxMs,
        long peakBeforeGcMiB,
        long peakAfterGcMiB,
        long heapCommittedMaxMiB) {

    private static final Pattern PAUSE = Pattern.compile("Pause .*?(\\d+)M->(\\d+)M\\((\\d+)M\\)\\s+([0-9.]+)ms");

    public static GcLogs read(List<Path> files) {
        GcLogs total = new GcLogs(0, 0, 0, 0, 0, 0, 0, 0);
        for (Path file : files) {
            try {
                if (Files.exists(file)) {
                    total = total.plus(parse(Files.readAllLines(file)));
                }
            } catch (IOException e) {
                // a log that cannot be read adds nothing
            }
        }
        return total;
    }

    static GcLogs parse(List<String> lines) {
        long pauses = 0;
        long full = 0;
        double total = 0;
        double max = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            pauses++;
            if (line.contains("Pause Full")) {
                full++;
            }
            double ms = Double.parseDouble(m.group(4));
            total += ms;
            max = Math.max(max, ms);
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
            committed = Math.max(committed, Long.parseLong(m.group(3)));
        }
        return new GcLogs(1, pauses, full, Math.round(total * 10) / 10.0, max, before, after, committed);
    }

    GcLogs plus(GcLogs other) {
        return new GcLogs(
                files + other.files,
                pauses + other.pauses,
                fullGcs + other.fullGcs,
                Math.round((pauseTotalMs + other.pauseTotalMs) * 10) / 10.0,
                Math.max(pauseMaxMs, other.pauseMaxMs),
                Math.max(peakBeforeGcMiB, other.peakBeforeGcMiB),
                Math.max(peakAfterGcMiB, other.peakAfterGcMiB),
                Math.max(heapCommittedMaxMiB, other.heapCommittedMaxMiB));
    }
}
