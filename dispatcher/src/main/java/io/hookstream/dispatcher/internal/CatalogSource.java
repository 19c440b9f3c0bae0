package io.hookstream.dispatcher.internal;

import io.hookstream.templates.catalog.CatalogSnapshot;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Where the dispatcher's HookTemplates and Namespaces come from. Once started, a source keeps the catalog
 * reference it was given current; every blocking call runs on worker threads, never on the event loop.
 */
interface CatalogSource {

    /** Loads the first catalog (and sets it); fails with a message naming what to fix. */
    Future<CatalogSnapshot> start();

    /** Whether the catalog is loaded and being kept current (for readiness). */
    boolean ready();

    /** What {@code /health} shows about the source. */
    Map<String, Object> health();

    Future<Void> stop();
}
