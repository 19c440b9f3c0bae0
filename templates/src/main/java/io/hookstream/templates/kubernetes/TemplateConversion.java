package io.hookstream.templates.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.TemplateValidator;
import io.hookstream.templates.catalog.internal.DocumentCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a HookTemplate custom resource into the schemas {@link HookTemplate} and checks it with
 * {@link TemplateValidator}: either a valid template or the problems (field paths from the manifest root).
 */
public final class TemplateConversion {

    private static final DocumentCheck CHECK = new DocumentCheck(Json.mapper());

    private TemplateConversion() {}

    /** A valid template ({@code problems} empty) or the problems of an invalid one ({@code template} null). */
    public record Converted(HookTemplate template, List<Problem> problems) {

        public Converted {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return template != null && problems.isEmpty();
        }
    }

    /**
     * Converts and checks {@code resource}, reporting every problem in one pass (as the file source does): a field
     * that does not bind does not hide the others, nor the {@link TemplateValidator} rules.
     */
    public static Converted convert(GenericKubernetesResource resource) {
        JsonNode tree;
        try {
            tree = Json.mapper().valueToTree(manifestOf(resource));
        } catch (IllegalArgumentException e) {
            return new Converted(
                    null,
                    List.of(new Problem(
                            "",
                            Reasons.INVALID_TEMPLATE,
                            "cannot be read as a HookTemplate: " + firstLine(e.getMessage()))));
        }
        DocumentCheck.Checked<HookTemplate> checked = CHECK.template(tree);
        List<Problem> problems = checked.problems();
        return new Converted(problems.isEmpty() ? checked.loadable() : null, problems);
    }

    /**
     * The resource as a manifest: apiVersion, kind, the metadata hookstream reads, and every other top-level
     * field as the API server gave it (spec, status), so unknown fields are refused as they are in files.
     */
    private static Map<String, Object> manifestOf(GenericKubernetesResource resource) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("apiVersion", resource.getApiVersion());
        manifest.put("kind", resource.getKind());
        ObjectMeta meta = resource.getMetadata();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (meta != null) {
            metadata.put("name", meta.getName());
            metadata.put("namespace", meta.getNamespace());
            metadata.put("labels", meta.getLabels());
            metadata.put("annotations", meta.getAnnotations());
        }
        manifest.put("metadata", metadata);
        manifest.putAll(resource.getAdditionalProperties());
        return manifest;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson names the Java class; users know the manifest, not our records
        return line.replaceAll(" \\(class [^)]*\\)", "")
                .replaceAll("`[a-z]+(\\.[a-zA-Z]+)+\\$?[A-Za-z]*`", "the field");
    }
}
