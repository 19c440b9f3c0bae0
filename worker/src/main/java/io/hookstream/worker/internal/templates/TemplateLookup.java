package io.hookstream.worker.internal.templates;

import io.hookstream.schemas.template.HookTemplate;
import java.util.Map;

/** Where the worker finds the HookTemplate a hook event names. Blocking: call from a worker pool. */
public interface TemplateLookup {

    /**
     * The template and the labels of the invoker's namespace.
     *
     * @param template        the valid template, or null when there is none of that name
     * @param namespaceLabels labels of the invoker's namespace (null: unknown, then only its name label counts)
     * @param problem         why the template cannot be used although it exists (invalid), else null
     */
    record Found(HookTemplate template, Map<String, String> namespaceLabels, String problem) {}

    Found find(String templateNamespace, String templateName, String invokerNamespace);

    /** Stops any background reloading. */
    default void close() {}
}
