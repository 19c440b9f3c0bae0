package io.hookstream.templates.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.templates.catalog.internal.CatalogAssembler;
import io.hookstream.templates.catalog.internal.CheckedDocument;
import io.hookstream.templates.catalog.internal.DirectoryScan;
import io.hookstream.templates.catalog.internal.FileContents;
import io.hookstream.templates.catalog.internal.ManifestBinder;
import io.hookstream.templates.catalog.internal.ManifestReader;
import io.hookstream.templates.catalog.internal.ParsedFile;
import io.hookstream.templates.render.ActionRenderer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks manifest files and directories as {@link TemplateDirectory} loads them (same reader, binder,
 * {@link TemplateValidator} and assembler: same files, same rules, same line numbers), reporting every problem of
 * every document in one pass, plus the template expressions of each action ({@link ActionRenderer#check}), which
 * the dispatcher otherwise only finds when a run renders them. Several paths are checked as one catalog, so a
 * template defined twice across them is reported. What {@code hookstream templates validate} runs. Nothing is
 * logged: the caller prints the report. Blocking file I/O.
 */
public final class ManifestCheck {

    private static final ObjectMapper YAML =
            Json.configure(YAMLMapper.builder()).build();

    /**
     * What the check found: every problem (by file, then line; all are errors, there are no warnings), how many
     * documents (a manifest, a List item, or a whole file that cannot be read) and files they are in, how many
     * files were checked and how many templates are valid (load, pass every rule and expression check).
     */
    public record Report(
            List<LoadProblem> problems,
            int documentsWithProblems,
            int filesWithProblems,
            int files,
            int validTemplates) {

        public Report {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final ManifestReader reader = new ManifestReader(YAML, Json.mapper());
    private final ManifestBinder binder = new ManifestBinder(YAML);

    /** Checks every manifest under {@code paths} (files or directories; a missing one is a problem). */
    public Report check(Collection<Path> paths) {
        SortedMap<Path, FileContents> contents = new TreeMap<>();
        List<LoadProblem> problems = new ArrayList<>();
        for (Path path : paths) {
            DirectoryScan scan = DirectoryScan.of(path);
            problems.addAll(scan.problems());
            for (Path file : scan.files().keySet()) {
                contents.computeIfAbsent(file, this::checkFile);
            }
        }
        CatalogSnapshot catalog = CatalogAssembler.assemble(contents, problems, Instant.EPOCH);
        int valid = 0;
        for (HookTemplate template : catalog.templates().values()) {
            if (TemplateValidator.validate(template).isEmpty()
                    && expressionProblems(template).isEmpty()) {
                valid++;
            }
        }
        Set<Path> files = new HashSet<>();
        catalog.problems().forEach(problem -> files.add(problem.file()));
        return new Report(
                catalog.problems(),
                documentsWithProblems(catalog.problems(), contents),
                files.size(),
                contents.size(),
                valid);
    }

    private FileContents checkFile(Path file) {
        ParsedFile parsed = reader.read(file);
        if (!parsed.isReadable()) {
            return FileContents.failed(new LoadProblem(file, parsed.failureLine(), "", parsed.failure()));
        }
        FileContents bound = binder.bind(file, parsed.documents());
        List<LoadProblem> problems = new ArrayList<>(bound.problems());
        for (CheckedDocument document : bound.documents()) {
            HookTemplate template = document.template();
            if (template == null) {
                continue;
            }
            for (Problem problem : expressionProblems(template)) {
                problems.add(new LoadProblem(
                        file,
                        document.lines().lineOf(problem.field()),
                        document.prefix() + problem.field(),
                        problem.message() + " (every run of "
                                + (template.name() == null
                                        ? "this template"
                                        : template.namespace() + "/" + template.name())
                                + " would be rejected)"));
            }
        }
        return bound.withProblems(problems);
    }

    private static List<Problem> expressionProblems(HookTemplate template) {
        if (template.spec() == null || template.spec().action() == null) {
            return List.of();
        }
        Set<String> declared = new LinkedHashSet<>();
        for (ParameterDefinition param : template.spec().params()) {
            if (param.name() != null) {
                declared.add(param.name());
            }
        }
        try {
            return ActionRenderer.check(template.spec().action(), declared);
        } catch (RuntimeException e) {
            return List.of(
                    new Problem("spec.action", null, "its template expressions cannot be checked: " + e.getMessage()));
        }
    }

    /**
     * How many documents the problems are in: a problem belongs to the last manifest of its file that starts on
     * or before its line; a problem of a file that yielded no manifest (unreadable, or a scan problem) counts its
     * file as one document.
     */
    private static int documentsWithProblems(List<LoadProblem> problems, Map<Path, FileContents> contents) {
        Set<String> documents = new HashSet<>();
        for (LoadProblem problem : problems) {
            FileContents file = contents.get(problem.file());
            TreeSet<Integer> starts = new TreeSet<>();
            if (file != null) {
                file.documents().forEach(document -> starts.add(document.line()));
            }
            Integer start = starts.floor(problem.line());
            documents.add(problem.file() + "#" + (start == null ? 0 : start));
        }
        return documents.size();
    }
}
