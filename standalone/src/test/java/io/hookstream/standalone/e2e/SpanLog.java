package io.hookstream.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file that the {@code spanned-sleep} hooks of e2e-templates/spans.yaml write to: one line per event,
 * {@code start <hook> <pid> <worker pid>}, {@code end|overlap <hook> <pid>}, appended by the actions themselves.
 */
final class SpanLog {

    /** One line of the file; {@code parent} (the worker JVM that started the action) on start lines only, else 0. */
    record Line(String event, String hook, long pid, long parent) {}

    private final Path file;

    SpanLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    List<Line> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        try {
            for (String text : Files.readAllLines(file)) {
                String[] parts = text.trim().split(" ");
                if (parts.length == 3 || parts.length == 4) {
                    lines.add(new Line(
                            parts[0],
                            parts[1],
                            Long.parseLong(parts[2]),
                            parts.length == 4 ? Long.parseLong(parts[3]) : 0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** How often each hook's action started, in the order hooks first started. */
    Map<String, Integer> startsPerHook() {
        Map<String, Integer> starts = new LinkedHashMap<>();
        for (Line line : lines()) {
            if (line.event().equals("start")) {
                starts.merge(line.hook(), 1, Integer::sum);
            }
        }
        return starts;
    }

    /** The worker JVMs (pids) that started each hook's action, in order. */
    Map<String, List<Long>> startersPerHook() {
        Map<String, List<Long>> starters = new LinkedHashMap<>();
        for (Line line : lines()) {
            if (line.event().equals("start")) {
                starters.computeIfAbsent(line.hook(), h -> new ArrayList<>()).add(line.parent());
            }
        }
        return starters;
    }

    long count(String event) {
        return lines().stream().filter(l -> l.event().equals(event)).count();
    }

    /** Hooks that started and have not ended yet (in the file's order). */
    List<String> running() {
        Map<String, Integer> open = new LinkedHashMap<>();
        for (Line line : lines()) {
            if (line.event().equals("start")) {
                open.merge(line.hook(), 1, Integer::sum);
            } else if (line.event().equals("end")) {
                open.merge(line.hook(), -1, Integer::sum);
            }
        }
        return open.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(Map.Entry::getKey)
                .toList();
    }

    List<Line> overlaps() {
        return lines().stream().filter(l -> l.event().equals("overlap")).toList();
    }
}
