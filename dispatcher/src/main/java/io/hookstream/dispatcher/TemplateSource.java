package io.hookstream.dispatcher;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where the dispatcher reads HookTemplates and Namespaces from ({@code --template-source}). */
public enum TemplateSource {
    /** Manifest files under {@code --templates}, reloaded when they change. */
    FILES,
    /** HookTemplate custom resources and Namespaces of a Kubernetes cluster, watched by informers. */
    KUBERNETES;

    /** The value as written in configuration: {@code files} or {@code kubernetes}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source named {@code text} (case-insensitive), if any. */
    public static Optional<TemplateSource> parse(String text) {
        return Arrays.stream(values())
                .filter(s -> s.configValue().equalsIgnoreCase(text.trim()))
                .findFirst();
    }
}
