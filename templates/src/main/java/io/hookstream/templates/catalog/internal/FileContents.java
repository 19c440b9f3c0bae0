package io.hookstream.templates.catalog.internal;

import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.catalog.LoadProblem;
import java.util.List;

/**
 * What one manifest file yielded: its templates and namespaces that load, in document order, its problems, and
 * every manifest it holds as judged (empty when the file could not be read).
 */
public record FileContents(
        List<Located<HookTemplate>> templates,
        List<Located<NamespaceManifest>> namespaces,
        List<LoadProblem> problems,
        List<CheckedDocument> documents) {

    public FileContents {
        templates = List.copyOf(templates);
        namespaces = List.copyOf(namespaces);
        problems = List.copyOf(problems);
        documents = List.copyOf(documents);
    }

    public static FileContents failed(LoadProblem problem) {
        return new FileContents(List.of(), List.of(), List.of(problem), List.of());
    }

    /** The same contents with other problems (the last good contents of a broken file; more checks' findings). */
    public FileContents withProblems(List<LoadProblem> replaced) {
        return new FileContents(templates, namespaces, replaced, documents);
    }
}
