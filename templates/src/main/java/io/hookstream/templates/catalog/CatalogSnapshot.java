package io.hookstream.templates.catalog;

import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One immutable view of the template directory: the HookTemplates by namespace and name, the labels of the
 * declared Namespaces (each including {@value NamespaceManifest#NAME_LABEL}), every problem found, and when
 * it was loaded. Templates that failed {@link TemplateValidator} are present and also listed in
 * {@code problems}: validate before running one.
 */
public record CatalogSnapshot(
        Map<TemplateKey, HookTemplate> templates,
        Map<String, Map<String, String>> namespaceLabels,
        List<LoadProblem> problems,
        Instant loadedAt) {

    public CatalogSnapshot {
        templates = templates == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(templates));
        TreeMap<String, Map<String, String>> labels = new TreeMap<>();
        if (namespaceLabels != null) {
            namespaceLabels.forEach((namespace, values) -> labels.put(namespace, Map.copyOf(values)));
        }
        namespaceLabels = Collections.unmodifiableMap(labels);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** An empty catalog, e.g. before the first load. */
    public static CatalogSnapshot empty() {
        return new CatalogSnapshot(Map.of(), Map.of(), List.of(), Instant.EPOCH);
    }

    /** The template {@code namespace/name}; empty when either is null or no such template was loaded. */
    public Optional<HookTemplate> find(String namespace, String name) {
        if (namespace == null || name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(templates.get(new TemplateKey(namespace, name)));
    }

    /**
     * The labels a Selector usage policy sees for {@code namespace}: the declared labels plus
     * {@value NamespaceManifest#NAME_LABEL}, or just that label for a namespace no manifest declares (no labels for null).
     */
    public Map<String, String> labelsOf(String namespace) {
        if (namespace == null) {
            return Map.of();
        }
        Map<String, String> declared = namespaceLabels.get(namespace);
        return declared != null ? declared : NamespaceManifest.labelsOf(namespace, Map.of());
    }
}
