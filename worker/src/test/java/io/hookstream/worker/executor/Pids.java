package io.hookstream.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Process ids written by test hooks, and whether they still run. */
final class Pids {

    private Pids() {
    }

    /** The pids in {@code file}, one a line; none while it does not exist. */
    static List<Long> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty())
                .map(Long::parseLong).toList();
    }

    /** Alive unless gone or a zombie (a dead process its new parent has not reaped yet). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }
}
