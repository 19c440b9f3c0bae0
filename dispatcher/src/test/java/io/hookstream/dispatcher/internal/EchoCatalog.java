package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A catalog of one HookTemplate, demo/echo (an Operator exec of {@code /bin/echo hi}), for processor tests. */
final class EchoCatalog {

    private static final YAMLMapper YAML = Json.configure(YAMLMapper.builder()).build();

    private EchoCatalog() {}

    static CatalogSnapshot loadedAt(Instant at) {
        try {
            HookTemplate echo = YAML.readValue("""
                    apiVersion: core.kubestash.com/v1alpha1
                    kind: HookTemplate
                    metadata: {name: echo, namespace: demo}
                    spec:
                      action: {exec: {command: ["/bin/echo", "hi"]}}
                      executor: {type: Operator}
                    """, HookTemplate.class);
            return new CatalogSnapshot(Map.of(new TemplateKey("demo", "echo"), echo), Map.of(), List.of(), at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
