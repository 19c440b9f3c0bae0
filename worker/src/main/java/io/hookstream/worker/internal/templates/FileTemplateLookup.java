package io.hookstream.worker.internal.templates;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.hookstream.templates.catalog.TemplateValidator;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Templates and Namespaces from the manifests directory the dispatcher also reads, reloaded when it changes. */
public final class FileTemplateLookup implements TemplateLookup {

    private static final Logger LOG = LoggerFactory.getLogger(FileTemplateLookup.class);

    private final TemplateDirectory directory;
    private final AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>();
    private final Vertx vertx;
    private final long timer;

    /** Loads the directory now (blocking; call off the event loop) and then every {@code reload} when changed. */
    public FileTemplateLookup(Vertx vertx, Path dir, Duration reload, WorkerExecutor pool) {
        this.vertx = vertx;
        this.directory = new TemplateDirectory(dir);
        CatalogSnapshot first = directory.load();
        catalog.set(first);
        LOG.info(
                "hook events are checked against {} HookTemplates of {}",
                first.templates().size(),
                dir.toAbsolutePath().normalize());
        this.timer = vertx.setPeriodic(
                reload.toMillis(),
                id -> pool.executeBlocking(() -> directory.reloadIfChanged(catalog.get()), false)
                        .onSuccess(catalog::set)
                        .onFailure(e -> LOG.warn("reloading templates from {} failed: {}", dir, e.toString())));
    }

    @Override
    public Found find(String templateNamespace, String templateName, String invokerNamespace) {
        CatalogSnapshot snapshot = catalog.get();
        HookTemplate template = snapshot.find(templateNamespace, templateName).orElse(null);
        String problem = null;
        if (template != null) {
            List<Problem> invalid = TemplateValidator.validate(template);
            problem = invalid.isEmpty() ? null : "it is invalid: " + invalid;
        }
        return new Found(problem == null ? template : null, snapshot.labelsOf(invokerNamespace), problem);
    }

    @Override
    public boolean refresh() {
        CatalogSnapshot before = catalog.get();
        CatalogSnapshot now = directory.reloadIfChanged(before);
        if (now == before) {
            return false;
        }
        catalog.compareAndSet(before, now);
        return true;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
