package io.hookstream.templates.catalog.internal;

import java.nio.file.Path;

/** A loaded manifest object and where its document starts. */
public record Located<T>(T value, Path file, int line) {

    /** {@code file:line}. */
    public String where() {
        return file + ":" + line;
    }
}
