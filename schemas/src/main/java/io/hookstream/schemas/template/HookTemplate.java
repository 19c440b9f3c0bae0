package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A KubeStash {@code HookTemplate} ({@value #API_VERSION}, kind {@value #KIND}): a reusable hook that
 * backup and restore invocations refer to by name. A manifest that KubeStash accepts loads here unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(
        value = {"status"},
        ignoreUnknown = false)
public record HookTemplate(String apiVersion, String kind, ObjectMeta metadata, HookTemplateSpec spec) {

    public static final String API_VERSION = "core.kubestash.com/v1alpha1";
    public static final String GROUP = "core.kubestash.com";
    public static final String KIND = "HookTemplate";

    /** The template's namespace, or {@code null} when the manifest names none. */
    public String namespace() {
        return metadata == null ? null : metadata.namespace();
    }

    public String name() {
        return metadata == null ? null : metadata.name();
    }
}
