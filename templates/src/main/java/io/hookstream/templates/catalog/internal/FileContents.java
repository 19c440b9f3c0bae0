package io.hookstream.templates.catalog.internal;

import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.catalog.LoadProblem;
import java.util.List;

/** What one manifest file yielded: its templates and namespaces, in document order, and its problems. */
public record FileContents(List<Located<HookTemplate>> templates, List<Located<NamespaceManifest>> namespaces,
                           List<LoadProblem> problems) {

    public FileContents {
        templates = List.copyOf(templates);
        namespaces = List.copyOf(namespaces);
        problems = List.copyOf(problems);
    }

    public static FileContents failed(LoadProblem problem) {
        return new FileContents(List.of(), List.of(), List.of(problem));
    }

    /** The same templates and namespaces with other problems (the last good contents of a broken file). */
    public FileContents withProblems(List<LoadProblem> replaced) {
        return new FileContents(templates, namespaces, replaced);
    }
}
