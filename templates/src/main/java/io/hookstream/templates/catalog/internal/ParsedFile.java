package io.hookstream.templates.catalog.internal;

import java.util.List;

/**
 * A manifest file read into documents, or why it could not be read at all ({@code failureLine} 1-based,
 * 0 when unknown). Documents are only present when the whole file parsed.
 */
public record ParsedFile(List<YamlDocument> documents, String failure, int failureLine) {

    public ParsedFile {
        documents = documents == null ? List.of() : List.copyOf(documents);
    }

    static ParsedFile of(List<YamlDocument> documents) {
        return new ParsedFile(documents, null, 0);
    }

    static ParsedFile failed(String failure, int line) {
        return new ParsedFile(List.of(), failure, line);
    }

    public boolean isReadable() {
        return failure == null;
    }
}
