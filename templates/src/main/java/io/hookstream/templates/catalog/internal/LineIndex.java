package io.hookstream.templates.catalog.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of one document starts: field paths such as {@code spec.params[0].name} to 1-based
 * lines. A path that is not indexed (a missing field) resolves to its nearest indexed ancestor.
 */
public final class LineIndex {

    private final Map<String, Integer> lines = new HashMap<>();
    private final int documentLine;

    LineIndex(int documentLine) {
        this.documentLine = documentLine;
    }

    void put(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** The line of {@code path}, of its nearest indexed ancestor, or of the document itself. */
    public int lineOf(String path) {
        String current = path == null ? "" : path;
        while (!current.isEmpty()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            current = parent(current);
        }
        return documentLine;
    }

    /** The same index seen from inside {@code prefix} (e.g. {@code items[2]} of a List). */
    public LineIndex within(String prefix) {
        LineIndex inner = new LineIndex(lineOf(prefix));
        String start = prefix + ".";
        String element = prefix + "[";
        lines.forEach((path, line) -> {
            if (path.startsWith(start)) {
                inner.put(path.substring(start.length()), line);
            } else if (path.startsWith(element)) {
                inner.put(path.substring(prefix.length()), line);
            }
        });
        return inner;
    }

    /** {@code a.b[1]} to {@code a.b}, {@code a.b} to {@code a}, {@code a} to the empty path. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** {@code parent.child}, or {@code child} at the root. */
    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
