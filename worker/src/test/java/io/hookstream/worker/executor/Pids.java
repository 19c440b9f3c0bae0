package io.hookstream.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Process ids written by test hooks, and whether they still run. */
final class Pids {

    private Pids() {}

    /** The pids in {@code file}, one a line; none while it does not exist. */
    static List<Long> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(Long::parseLong)
                .toList();
    }

    /**
     * The running processes whose environment holds {@code variable} (NAME=value), as "pid ppid pgid command"
     * lines; their pids are added to {@code found} (for clean-up). Linux only: reads /proc.
     */
    static List<String> withEnvironment(String variable, List<Long> found) throws IOException {
        List<String> matches = new java.util.ArrayList<>();
        byte[] wanted = (variable + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var entries = Files.newDirectoryStream(
                Path.of("/proc"), e -> e.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                byte[] environment;
                try {
                    environment = Files.readAllBytes(entry.resolve("environ"));
                } catch (IOException gone) {
                    continue;
                }
                if (contains(environment, wanted) && running(pid)) {
                    found.add(pid);
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    matches.add(pid + " " + fields[1] + " " + fields[2] + " "
                            + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                }
            }
        }
        return matches;
    }

    private static boolean contains(byte[] environment, byte[] wanted) {
        outer:
        for (int start = 0; start + wanted.length <= environment.length; start++) {
            if (start > 0 && environment[start - 1] != 0) {
                continue;
            }
            for (int i = 0; i < wanted.length; i++) {
                if (environment[start + i] != wanted[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
