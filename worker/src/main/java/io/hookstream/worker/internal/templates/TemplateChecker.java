package io.hookstream.worker.internal.templates;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookstream.schemas.event.HookEvent;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * Runs the {@link TemplateGuard} for each hook event on a bounded pool (the lookup may read files or call the
 * API server). Fails closed: a template that cannot be read is a problem, and the hook does not run. A problem is
 * only reported after a second look at a fresh read of the templates when they changed since the last one.
 */
public final class TemplateChecker {

    /** Name of the pool the lookups run on. */
    public static final String POOL_NAME = "hookstream-template-check";

    private final TemplateLookup lookup;
    private final WorkerExecutor pool;

    public TemplateChecker(TemplateLookup lookup, WorkerExecutor pool) {
        this.lookup = lookup;
        this.pool = pool;
    }

    /** Completes with null when the event may run, else with the problem. Never fails. */
    public Future<String> check(HookEvent event) {
        return pool.executeBlocking(
                        () -> {
                            String namespace = event.template() == null
                                    ? null
                                    : event.template().namespace();
                            String name = event.template() == null
                                    ? null
                                    : event.template().name();
                            if (namespace == null || name == null) {
                                return TemplateGuard.problem(event, new TemplateLookup.Found(null, null, null));
                            }
                            String invokerNamespace = event.session() == null
                                    ? null
                                    : event.session().namespace();
                            try {
                                String problem =
                                        TemplateGuard.problem(event, lookup.find(namespace, name, invokerNamespace));
                                // the dispatcher may have read a new or changed template a moment before this
                                // worker's reload: look again once at a fresh read before refusing the hook
                                return problem != null && lookup.refresh()
                                        ? TemplateGuard.problem(event, lookup.find(namespace, name, invokerNamespace))
                                        : problem;
                            } catch (KubernetesClientException e) {
                                return "could not read HookTemplate " + namespace + "/" + name
                                        + " to check the hook event (HTTP "
                                        + e.getCode()
                                        + (e.getCode() == 403
                                                ? ": grant the worker get on hooktemplates and namespaces"
                                                : "")
                                        + "); the hook did not run";
                            }
                        },
                        false)
                .otherwise(e -> "checking the hook event against its template failed: " + e);
    }

    public void close() {
        lookup.close();
        pool.close();
    }
}
