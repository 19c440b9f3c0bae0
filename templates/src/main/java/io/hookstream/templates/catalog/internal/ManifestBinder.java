package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.schemas.template.ObjectMeta;
import io.hookstream.templates.catalog.LoadProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the documents of one file by kind: {@code HookTemplate} (core.kubestash.com/v1alpha1),
 * {@code Namespace} (v1), or a {@code List} of them as {@code kubectl get -o yaml} writes it. A document that
 * has any problem has every one of them reported ({@link DocumentCheck}: a field that does not bind hides no other
 * problem), each with its line and field path; one with a field that does not bind, or without a name, is not
 * loaded, and leaves the others loaded.
 */
public final class ManifestBinder {

    /** The namespace kubectl gives an object whose manifest names none. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final DocumentCheck check;

    public ManifestBinder(ObjectMapper mapper) {
        this.check = new DocumentCheck(mapper);
    }

    public FileContents bind(Path file, List<YamlDocument> documents) {
        Collector out = new Collector(file);
        for (YamlDocument document : documents) {
            bindDocument(document.tree(), document.lines(), "", out);
        }
        return new FileContents(out.templates, out.namespaces, out.problems, out.documents);
    }

    private void bindDocument(JsonNode tree, LineIndex lines, String prefix, Collector out) {
        out.document(lines, prefix, null); // a template records itself again with what it bound
        if (!tree.isObject()) {
            out.problem(
                    lines.lineOf(""),
                    prefix,
                    "the document is not a mapping; expected a Kubernetes manifest "
                            + "with apiVersion, kind and metadata");
            return;
        }
        String kind = tree.path("kind").isTextual() ? tree.get("kind").asText() : null;
        String apiVersion =
                tree.path("apiVersion").isTextual() ? tree.get("apiVersion").asText() : null;
        if (kind == null) {
            out.problem(lines.lineOf(""), prefix + "kind", "missing: expected HookTemplate or Namespace");
            return;
        }
        switch (kind) {
            case HookTemplate.KIND -> bindTemplate(tree, lines, prefix, apiVersion, out);
            case "Namespace" -> bindNamespace(tree, lines, prefix, apiVersion, out);
            case "List" -> bindList(tree, lines, prefix, out);
            default ->
                out.problem(
                        lines.lineOf("kind"),
                        prefix + "kind",
                        "unsupported kind " + kind + ": expected HookTemplate or Namespace");
        }
    }

    private void bindTemplate(JsonNode tree, LineIndex lines, String prefix, String apiVersion, Collector out) {
        if (!HookTemplate.API_VERSION.equals(apiVersion)) {
            out.problem(
                    lines.lineOf("apiVersion"),
                    prefix + "apiVersion",
                    "a HookTemplate needs apiVersion " + HookTemplate.API_VERSION + ", found " + quoted(apiVersion)
                            + "; set it");
            return;
        }
        DocumentCheck.Checked<HookTemplate> checked = check.template(tree);
        report(checked.problems(), lines, prefix, out);
        out.document(lines, prefix, withNamespace(checked.inspected()));
        if (checked.loadable() != null) {
            out.templates.add(new Located<>(withNamespace(checked.loadable()), out.file, lines.lineOf("")));
        }
    }

    /** The template, in {@value #DEFAULT_NAMESPACE} when its manifest names no namespace. */
    private static HookTemplate withNamespace(HookTemplate template) {
        if (template == null || !isBlank(template.namespace())) {
            return template;
        }
        ObjectMeta meta = template.metadata() == null ? ObjectMeta.of(null, null) : template.metadata();
        return new HookTemplate(
                template.apiVersion(),
                template.kind(),
                new ObjectMeta(meta.name(), DEFAULT_NAMESPACE, meta.labels(), meta.annotations()),
                template.spec());
    }

    private void bindNamespace(JsonNode tree, LineIndex lines, String prefix, String apiVersion, Collector out) {
        if (!"v1".equals(apiVersion)) {
            out.problem(
                    lines.lineOf("apiVersion"),
                    prefix + "apiVersion",
                    "a Namespace needs apiVersion v1, found " + quoted(apiVersion) + "; set it");
            return;
        }
        DocumentCheck.Checked<NamespaceManifest> checked = check.namespace(tree);
        report(checked.problems(), lines, prefix, out);
        if (checked.loadable() != null) {
            out.namespaces.add(new Located<>(checked.loadable(), out.file, lines.lineOf("")));
        }
    }

    private static void report(List<Problem> problems, LineIndex lines, String prefix, Collector out) {
        for (Problem problem : problems) {
            out.problem(lines.lineOf(problem.field()), prefix + problem.field(), problem.message());
        }
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
        final List<CheckedDocument> documents = new ArrayList<>();

        Collector(Path file) {
            this.file = file;
        }

        /** Records a manifest (a document, or an item of a List), replacing the record of the same start. */
        void document(LineIndex lines, String prefix, HookTemplate template) {
            int line = lines.lineOf("");
            documents.removeIf(d -> d.line() == line && d.prefix().equals(prefix));
            documents.add(new CheckedDocument(line, prefix, lines, template));
        }

        void problem(int line, String field, String message) {
            String trimmed = field.endsWith(".") ? field.substring(0, field.length() - 1) : field;
            problems.add(new LoadProblem(file, line, trimmed, message));
        }
    }
}
