package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /v1/templates}: the loaded HookTemplates (by namespace, then name), where they come from, the
 * namespaces' labels, and every problem of the last load with its file and line.
 */
final class TemplatesEndpoint {

    private final Supplier<CatalogSnapshot> catalog;
    private final Supplier<Map<String, Object>> health;

    TemplatesEndpoint(Supplier<CatalogSnapshot> catalog, Supplier<Map<String, Object>> health) {
        this.catalog = catalog;
        this.health = health;
    }

    void handle(RoutingContext ctx) {
        CatalogSnapshot snapshot = catalog.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("loadedAt", snapshot.loadedAt());
        Object source = health.get().get("templatesFrom");
        if (source != null) {
            answer.put("source", source);
        }
        answer.put(
                "templates",
                snapshot.templates().values().stream()
                        .sorted(Comparator.comparing(HookTemplate::namespace).thenComparing(HookTemplate::name))
                        .toList());
        answer.put("namespaces", snapshot.namespaceLabels());
        answer.put(
                "problems", snapshot.problems().stream().map(Object::toString).toList());
        HttpApi.json(ctx, 200, answer);
    }
}
