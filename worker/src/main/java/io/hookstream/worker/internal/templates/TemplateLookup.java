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

    /**
     * Re-reads the source now if it changed since it was last read, so that a template the dispatcher saw first
     * (its reload ran a moment before this worker's) is found or compared in its new version. Blocking.
     *
     * @return whether anything was re-read (a second look may then give another answer)
     */
    default boolean refresh() {
        return false;
    }

    /** Stops any background reloading. */
    default void close() {}
}
