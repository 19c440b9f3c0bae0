package io.hookstream.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.catalog.TemplateValidator;
import io.hookstream.templates.catalog.internal.CatalogAssembler;
import io.hookstream.templates.catalog.internal.DirectoryScan;
import io.hookstream.templates.catalog.internal.FileContents;
import io.hookstream.templates.catalog.internal.Located;
import io.hookstream.templates.catalog.internal.ManifestBinder;
import io.hookstream.templates.catalog.internal.ManifestReader;
import io.hookstream.templates.catalog.internal.ParsedFile;
import io.hookstream.templates.catalog.internal.YamlDocument;
import io.hookstream.templates.render.ActionRenderer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks manifest files and directories as the dispatcher's template directory loads them (the templates
 * module's reader, binder, {@link TemplateValidator} and assembler: same files, same rules, same line numbers),
 * plus the template expressions of each action ({@link ActionRenderer#check}), which the dispatcher otherwise
 * only finds when a run renders them. Several paths are checked as one catalog, so a template defined twice
 * across them is reported. Nothing is logged: the caller prints the report.
 */
public final class TemplateCheck {

    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder()).build();

    /** What the check found: the problems (by file, then line), the templates without any, the files read. */
    public record Report(List<LoadProblem> problems, int validTemplates, int files) {

        /** How many distinct files have problems. */
        public int filesWithProblems() {
            Set<Path> files = new LinkedHashSet<>();
            problems.forEach(p -> files.add(p.file()));
            return files.size();
        }
    }

    private final ManifestReader reader = new ManifestReader(YAML, Json.mapper());
    private final ManifestBinder binder = new ManifestBinder(YAML);

    /** Checks every manifest under {@code paths} (files or directories, which must exist). */
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
        List<LoadProblem> all = new ArrayList<>(catalog.problems());
        all.sort(Comparator.comparing((LoadProblem p) -> String.valueOf(p.file())).thenComparingInt(LoadProblem::line));
        int valid = 0;
        for (HookTemplate template : catalog.templates().values()) {
            if (TemplateValidator.validate(template).isEmpty() && expressionProblems(template).isEmpty()) {
                valid++;
            }
        }
        return new Report(List.copyOf(all), valid, contents.size());
    }

    private FileContents checkFile(Path file) {
        ParsedFile parsed = reader.read(file);
        if (!parsed.isReadable()) {
            return FileContents.failed(new LoadProblem(file, parsed.failureLine(), "", parsed.failure()));
        }
        FileContents bound = binder.bind(file, parsed.documents());
        List<LoadProblem> problems = new ArrayList<>(bound.problems());
        for (Located<HookTemplate> template : bound.templates()) {
            for (Problem problem : expressionProblems(template.value())) {
                problems.add(new LoadProblem(file, lineOf(template, parsed.documents(), problem.field()),
                        problem.field(), problem.message() + " (every run of "
                        + template.value().namespace() + "/" + template.value().name() + " would be rejected)"));
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
            return List.of(new Problem("spec.action", null, "its template expressions cannot be checked: "
                    + e.getMessage()));
        }
    }

    /** The line of {@code field} in the document the template came from (its start, inside a List). */
    private static int lineOf(Located<HookTemplate> template, List<YamlDocument> documents, String field) {
        for (YamlDocument document : documents) {
            if (document.line() == template.line()) {
                return document.lines().lineOf(field);
            }
        }
        return template.line();
    }
}
