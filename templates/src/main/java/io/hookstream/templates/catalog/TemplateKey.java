package io.hookstream.templates.catalog;

import java.util.Comparator;
import java.util.Objects;

/** The identity of a HookTemplate: its namespace and name. */
public record TemplateKey(String namespace, String name) implements Comparable<TemplateKey> {

    private static final Comparator<TemplateKey> ORDER =
            Comparator.comparing(TemplateKey::namespace).thenComparing(TemplateKey::name);

    public TemplateKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(TemplateKey other) {
        return ORDER.compare(this, other);
    }

    /** {@code namespace/name}, as kubectl prints it. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
