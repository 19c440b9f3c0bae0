package io.hookstream.dispatcher.internal;

import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HookTemplates and Namespaces from manifest files under {@code --templates}, reloaded on a timer when changed. */
final class FileCatalogSource implements CatalogSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileCatalogSource.class);

    private final Vertx vertx;
    private final DispatcherConfig config;
    private final AtomicReference<CatalogSnapshot> catalog;
    private final TemplateDirectory templates;
    private long timer = -1;

    FileCatalogSource(Vertx vertx, DispatcherConfig config, AtomicReference<CatalogSnapshot> catalog) {
        this.vertx = vertx;
        this.config = config;
        this.catalog = catalog;
        this.templates = new TemplateDirectory(config.templates().dir());
    }

    @Override
    public Future<CatalogSnapshot> start() {
        return vertx.executeBlocking(() -> {
                    CatalogSnapshot snapshot = templates.load();
                    catalog.set(snapshot);
                    LOG.info(
                            "loaded {} HookTemplates and {} Namespaces from {}{}",
                            snapshot.templates().size(),
                            snapshot.namespaceLabels().size(),
                            directory(),
                            snapshot.problems().isEmpty()
                                    ? ""
                                    : " (" + snapshot.problems().size() + " problems)");
                    return snapshot;
                })
                .onSuccess(snapshot -> timer =
                        vertx.setPeriodic(config.templates().reloadInterval().toMillis(), id -> reload()));
    }

    @Override
    public boolean ready() {
        return catalog.get() != null;
    }

    @Override
    public Map<String, Object> health() {
        return Map.of("templateSource", "files", "templatesFrom", directory().toString());
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.succeededFuture();
    }

    private void reload() {
        vertx.executeBlocking(() -> templates.reloadIfChanged(catalog.get()), false)
                .onSuccess(snapshot -> {
                    if (snapshot != catalog.get()) {
                        catalog.set(snapshot);
                        LOG.info(
                                "templates reloaded: {} HookTemplates, {} Namespaces, {} problems",
                                snapshot.templates().size(),
                                snapshot.namespaceLabels().size(),
                                snapshot.problems().size());
                    }
                })
                .onFailure(e -> LOG.warn("reloading templates from {} failed: {}", directory(), e.toString()));
    }

    private Path directory() {
        return config.templates().dir().toAbsolutePath().normalize();
    }
}
