package io.hookstream.templates.catalog.internal;

import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.catalog.TemplateKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Merges the contents of every file, in path order, into one snapshot. When two manifests define the same
 * template or namespace, the first one (by path, then by line) wins and the other is reported.
 */
public final class CatalogAssembler {

    private static final Comparator<LoadProblem> PROBLEM_ORDER = Comparator.comparing(
                    (LoadProblem p) -> p.file() == null ? "" : p.file().toString())
            .thenComparingInt(LoadProblem::line);

    private CatalogAssembler() {}

    public static CatalogSnapshot assemble(
            SortedMap<Path, FileContents> contents, List<LoadProblem> scanProblems, Instant loadedAt) {
        Map<TemplateKey, Located<HookTemplate>> templates = new HashMap<>();
        Map<String, Located<NamespaceManifest>> namespaces = new HashMap<>();
        List<LoadProblem> problems = new ArrayList<>(scanProblems);
        for (FileContents file : contents.values()) {
            problems.addAll(file.problems());
            for (Located<HookTemplate> template : file.templates()) {
                TemplateKey key = new TemplateKey(
                        template.value().namespace(), template.value().name());
                Located<HookTemplate> first = templates.putIfAbsent(key, template);
                if (first != null) {
                    problems.add(duplicate(template, "HookTemplate " + key, first));
                }
            }
            for (Located<NamespaceManifest> namespace : file.namespaces()) {
                Located<NamespaceManifest> first =
                        namespaces.putIfAbsent(namespace.value().name(), namespace);
                if (first != null) {
                    problems.add(duplicate(
                            namespace, "Namespace " + namespace.value().name(), first));
                }
            }
        }
        Map<TemplateKey, HookTemplate> loaded = new HashMap<>();
        templates.forEach((key, template) -> loaded.put(key, template.value()));
        Map<String, Map<String, String>> labels = new HashMap<>();
        namespaces.forEach(
                (name, namespace) -> labels.put(name, namespace.value().effectiveLabels()));
        problems.sort(PROBLEM_ORDER);
        return new CatalogSnapshot(loaded, labels, problems, loadedAt);
    }

    private static LoadProblem duplicate(Located<?> ignored, String what, Located<?> kept) {
        return new LoadProblem(
                ignored.file(),
                ignored.line(),
                "metadata.name",
                what + " is already defined at "
                        + kept.where() + "; this definition at " + ignored.where()
                        + " is ignored: rename or remove one of them");
    }
}
