package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.schemas.template.ObjectMeta;
import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.catalog.TemplateValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the documents of one file by kind: {@code HookTemplate} (core.kubestash.com/v1alpha1),
 * {@code Namespace} (v1), or a {@code List} of them as {@code kubectl get -o yaml} writes it. A document that
 * does not bind is reported with its line and field path and leaves the others loaded.
 */
public final class ManifestBinder {

    /** The namespace kubectl gives an object whose manifest names none. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final ObjectMapper mapper;

    public ManifestBinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public FileContents bind(Path file, List<YamlDocument> documents) {
        Collector out = new Collector(file);
        for (YamlDocument document : documents) {
            bindDocument(document.tree(), document.lines(), "", out);
        }
        return new FileContents(out.templates, out.namespaces, out.problems);
    }

    private void bindDocument(JsonNode tree, LineIndex lines, String prefix, Collector out) {
        if (!tree.isObject()) {
            out.problem(lines.lineOf(""), prefix, "the document is not a mapping; expected a Kubernetes manifest "
                    + "with apiVersion, kind and metadata");
            return;
        }
        String kind = tree.path("kind").isTextual() ? tree.get("kind").asText() : null;
        String apiVersion = tree.path("apiVersion").isTextual() ? tree.get("apiVersion").asText() : null;
        if (kind == null) {
            out.problem(lines.lineOf(""), prefix + "kind", "missing: expected HookTemplate or Namespace");
            return;
        }
        switch (kind) {
            case HookTemplate.KIND -> bindTemplate(tree, lines, prefix, apiVersion, out);
            case "Namespace" -> bindNamespace(tree, lines, prefix, apiVersion, out);
            case "List" -> bindList(tree, lines, prefix, out);
            default -> out.problem(lines.lineOf("kind"), prefix + "kind",
                    "unsupported kind " + kind + ": expected HookTemplate or Namespace");
        }
    }

    private void bindTemplate(JsonNode tree, LineIndex lines, String prefix, String apiVersion, Collector out) {
        if (!HookTemplate.API_VERSION.equals(apiVersion)) {
            out.problem(lines.lineOf("apiVersion"), prefix + "apiVersion", "a HookTemplate needs apiVersion "
                    + HookTemplate.API_VERSION + ", found " + quoted(apiVersion) + "; set it");
            return;
        }
        HookTemplate template = convert(tree, HookTemplate.class, lines, prefix, out);
        if (template == null) {
            return;
        }
        if (isBlank(template.name())) {
            out.problem(lines.lineOf("metadata.name"), prefix + "metadata.name", "required: name the HookTemplate");
            return;
        }
        if (isBlank(template.namespace())) {
            ObjectMeta meta = template.metadata();
            template = new HookTemplate(template.apiVersion(), template.kind(),
                    new ObjectMeta(meta.name(), DEFAULT_NAMESPACE, meta.labels(), meta.annotations()),
                    template.spec());
        }
        for (Problem problem : TemplateValidator.validate(template)) {
            out.problem(lines.lineOf(problem.field()), prefix + problem.field(), problem.message());
        }
        out.templates.add(new Located<>(template, out.file, lines.lineOf("")));
    }

    private void bindNamespace(JsonNode tree, LineIndex lines, String prefix, String apiVersion, Collector out) {
        if (!"v1".equals(apiVersion)) {
            out.problem(lines.lineOf("apiVersion"), prefix + "apiVersion",
                    "a Namespace needs apiVersion v1, found " + quoted(apiVersion) + "; set it");
            return;
        }
        NamespaceManifest namespace = convert(tree, NamespaceManifest.class, lines, prefix, out);
        if (namespace == null) {
            return;
        }
        if (isBlank(namespace.name())) {
            out.problem(lines.lineOf("metadata.name"), prefix + "metadata.name", "required: name the Namespace");
            return;
        }
        out.namespaces.add(new Located<>(namespace, out.file, lines.lineOf("")));
    }

    private void bindList(JsonNode tree, LineIndex lines, String prefix, Collector out) {
        JsonNode items = tree.path("items");
        if (!items.isArray()) {
            out.problem(lines.lineOf("items"), prefix + "items", "a List needs items: a list of manifests");
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String item = "items[" + i + "]";
            bindDocument(items.get(i), lines.within(item), prefix + item + ".", out);
        }
    }

    private <T> T convert(JsonNode tree, Class<T> type, LineIndex lines, String prefix, Collector out) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            String field = BindingErrors.fieldOf(e);
            String empty = BindingErrors.isNullRejected(e) ? NullFinder.firstNull(tree, field) : null;
            if (empty != null) {
                out.problem(lines.lineOf(empty), prefix + empty, "is empty; fill it in or remove it");
            } else {
                out.problem(lines.lineOf(field), prefix + field, BindingErrors.messageOf(e));
            }
        } catch (IOException | IllegalArgumentException e) {
            out.problem(lines.lineOf(""), prefix, "cannot be read: " + e.getMessage());
        }
        return null;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static String quoted(String text) {
        return text == null ? "none" : "'" + text + "'";
    }

    private static final class Collector {
        final Path file;
        final List<Located<HookTemplate>> templates = new ArrayList<>();
        final List<Located<NamespaceManifest>> namespaces = new ArrayList<>();
        final List<LoadProblem> problems = new ArrayList<>();

        Collector(Path file) {
            this.file = file;
        }

        void problem(int line, String field, String message) {
            String trimmed = field.endsWith(".") ? field.substring(0, field.length() - 1) : field;
            problems.add(new LoadProblem(file, line, trimmed, message));
        }
    }
}
