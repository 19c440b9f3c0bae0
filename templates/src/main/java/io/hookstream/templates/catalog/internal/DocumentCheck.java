package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.templates.catalog.TemplateValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges one HookTemplate or Namespace manifest tree in one pass: when it does not bind, every field that would
 * not bind ({@link ShapeCheck}); then, on the tree without those fields, {@code metadata.name} and the
 * {@link TemplateValidator} rules, so that an invalid enum value does not hide a missing action. A rule broken
 * only because a field at fault was removed is not reported twice (see {@link #hiddenBy}). Field paths are from
 * the manifest root. Thread-safe.
 */
public final class DocumentCheck {

    /**
     * What one manifest yielded: {@code loadable} when nothing keeps it from loading (every field binds and it has
     * a name; {@link TemplateValidator} problems do not keep a template from loading), {@code inspected} as far as
     * it binds (the fields at fault left out; null when even that fails) for further checks, and every problem.
     */
    public record Checked<T>(T loadable, T inspected, List<Problem> problems) {

        public Checked {
            problems = List.copyOf(problems);
        }
    }

    private static final Pattern PATH_PART = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final ObjectMapper mapper;
    private final ShapeCheck shapes;

    public DocumentCheck(ObjectMapper mapper) {
        this.mapper = mapper;
        this.shapes = new ShapeCheck(mapper);
    }

    public Checked<HookTemplate> template(JsonNode tree) {
        return check(tree, HookTemplate.class, "HookTemplate");
    }

    public Checked<NamespaceManifest> namespace(JsonNode tree) {
        return check(tree, NamespaceManifest.class, "Namespace");
    }

    private <T> Checked<T> check(JsonNode tree, Class<T> type, String kind) {
        List<ShapeCheck.Issue> issues = List.of();
        List<Problem> problems = new ArrayList<>();
        T bound;
        try {
            bound = mapper.treeToValue(tree, type); // most documents bind: they cost what binding costs
        } catch (IOException | IllegalArgumentException refused) {
            ShapeCheck.Result shape = shapes.check(tree, type);
            issues = shape.issues();
            if (issues.isEmpty()) { // not foreseen by ShapeCheck: reported as binding reports it
                return new Checked<>(null, null, List.of(refusal(refused, tree)));
            }
            issues.forEach(issue -> problems.add(problem(issue.field(), issue.message())));
            try {
                bound = mapper.treeToValue(shape.pruned(), type);
            } catch (IOException | IllegalArgumentException e) {
                return new Checked<>(null, null, problems);
            }
        }
        boolean named =
                !isBlank(bound instanceof HookTemplate template ? template.name() : ((NamespaceManifest) bound).name());
        if (!named && !hiddenBy("metadata.name", issues, tree)) {
            problems.add(problem("metadata.name", "required: name the " + kind));
        }
        if (bound instanceof HookTemplate template) {
            for (Problem rule : TemplateValidator.validate(template)) {
                if (!hiddenBy(rule.field(), issues, tree)) {
                    problems.add(rule);
                }
            }
        }
        T loadable = issues.isEmpty() && named ? bound : null;
        return new Checked<>(loadable, bound, problems);
    }

    /**
     * Whether the problem at {@code field} only follows from removing a field at fault: a value at fault hides
     * problems at its own path, below it and above it ({@code spec.action} is empty once its only action was
     * removed); an unknown field, likely a misspelling, also hides those of its siblings that are not set
     * ({@code comand} hides "{@code command} must not be empty", {@code schme} does not hide a bad port).
     */
    static boolean hiddenBy(String field, List<ShapeCheck.Issue> issues, JsonNode tree) {
        for (ShapeCheck.Issue issue : issues) {
            String at = issue.field();
            if (field.equals(at) || isUnder(field, at) || isUnder(at, field)) {
                return true;
            }
            if (issue.unknownField() && LineIndex.parent(field).equals(LineIndex.parent(at)) && !isSet(tree, field)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} ({@code a.b[1].c}) leads to a value in {@code tree}. */
    private static boolean isSet(JsonNode tree, String path) {
        JsonNode node = tree;
        Matcher part = PATH_PART.matcher(path);
        while (node != null && part.find()) {
            node = part.group(1) != null ? node.get(part.group(1)) : node.get(Integer.parseInt(part.group(2)));
        }
        return node != null && !node.isNull();
    }

    /** Whether {@code path} lies strictly below {@code ancestor} (everything lies below the root, ""). */
    private static boolean isUnder(String path, String ancestor) {
        return ancestor.isEmpty()
                ? !path.isEmpty()
                : path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    /** A binding error that {@link ShapeCheck} did not foresee, reported as binding reports it. */
    private static Problem refusal(Exception refused, JsonNode tree) {
        if (!(refused instanceof JsonMappingException e)) {
            return problem("", "cannot be read: " + refused.getMessage());
        }
        String field = BindingErrors.fieldOf(e);
        String empty = BindingErrors.isNullRejected(e) ? NullFinder.firstNull(tree, field) : null;
        return empty != null
                ? problem(empty, "is empty; fill it in or remove it")
                : problem(field, BindingErrors.messageOf(e));
    }

    private static Problem problem(String field, String message) {
        return new Problem(field, Reasons.INVALID_TEMPLATE, message);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
