package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kubernetes {@code v1 Namespace} manifest: only its name and labels matter to hookstream (they feed
 * Selector usage policies). Kubernetes gives every namespace the label {@value #NAME_LABEL}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NamespaceManifest(String apiVersion, String kind, ObjectMeta metadata) {

    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public String name() {
        return metadata == null ? null : metadata.name();
    }

    /** The labels Kubernetes would show: the declared ones plus {@value #NAME_LABEL}. */
    public Map<String, String> effectiveLabels() {
        return labelsOf(name(), metadata == null ? Map.of() : metadata.labels());
    }

    public static Map<String, String> labelsOf(String namespace, Map<String, String> declared) {
        Map<String, String> labels = new HashMap<>(declared == null ? Map.of() : declared);
        labels.put(NAME_LABEL, namespace);
        return Map.copyOf(labels);
    }
}
