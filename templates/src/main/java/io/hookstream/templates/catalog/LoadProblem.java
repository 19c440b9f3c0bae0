package io.hookstream.templates.catalog;

import java.nio.file.Path;

/**
 * Something wrong with a manifest file: the file, the 1-based line ({@code 0} when unknown), the field path
 * ({@code spec.action.exec.command}; empty when the whole document or file is at fault) and what to do.
 */
public record LoadProblem(Path file, int line, String field, String message) {

    public LoadProblem {
        field = field == null ? "" : field;
        message = message == null ? "" : message;
    }

    /** {@code file:line: field: message}, leaving out the parts that are unknown or empty. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (file != null) {
            text.append(file);
            if (line > 0) {
                text.append(':').append(line);
            }
        }
        for (String part : new String[] {field, message}) {
            if (!part.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append(": ");
                }
                text.append(part);
            }
        }
        return text.toString();
    }
}
