package io.hookstream.dispatcher.kubernetes.runs.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.hookstream.dispatcher.kubernetes.runs.HookRunResources;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the HookRuns of runs that finished longer ago than the run retention, by {@code status.finishedAt}: those
 * this process wrote and those earlier processes left (a restart, a failover, a dispatcher gone for good). Lists
 * the dispatcher's HookRuns cluster-wide in pages; where that is forbidden (RBAC bound per namespace), lists the
 * namespaces runs were mirrored to instead. Every dispatcher sweeps: a HookRun deleted twice is a 404, ignored.
 */
public final class HookRunSweeper {

    private static final long PAGE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(HookRunSweeper.class);

    private final KubernetesClient client;
    private final AtomicBoolean clusterWideForbidden = new AtomicBoolean();

    public HookRunSweeper(KubernetesClient client) {
        this.client = client;
    }

    /** Blocking: deletes finished HookRuns older than {@code cutoff}; returns how many were deleted. */
    public int sweep(Instant cutoff, Collection<String> namespaces) {
        if (!clusterWideForbidden.get()) {
            try {
                return sweep(
                        client.genericKubernetesResources(HookRunResources.CONTEXT)
                                .inAnyNamespace()
                                .withLabel(HookRunResources.MANAGED_BY, HookRunResources.MANAGER),
                        cutoff);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403) {
                    throw e;
                }
                clusterWideForbidden.set(true);
                LOG.info("the dispatcher may not list HookRuns cluster-wide: finished ones are deleted after the run "
                        + "retention only in the namespaces this process mirrored runs to (grant 'list' and 'delete' "
                        + "on hookruns.hookstream.io cluster-wide to sweep all)");
            }
        }
        int deleted = 0;
        for (String namespace : List.copyOf(namespaces)) {
            try {
                deleted += sweep(
                        client.genericKubernetesResources(HookRunResources.CONTEXT)
                                .inNamespace(namespace)
                                .withLabel(HookRunResources.MANAGED_BY, HookRunResources.MANAGER),
                        cutoff);
            } catch (KubernetesClientException e) {
                LOG.debug("HookRuns of namespace {} not swept: {}", namespace, e.getMessage());
            }
        }
        return deleted;
    }

    private int sweep(
            FilterWatchListDeletable<
                            GenericKubernetesResource,
                            GenericKubernetesResourceList,
                            Resource<GenericKubernetesResource>>
                    hookRuns,
            Instant cutoff) {
        int deleted = 0;
        String next = null;
        do {
            GenericKubernetesResourceList page = hookRuns.list(
                    new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
            for (GenericKubernetesResource hookRun : page.getItems()) {
                Instant finished = finishedAt(hookRun);
                if (finished != null && finished.isBefore(cutoff)) {
                    deleted += delete(hookRun);
                }
            }
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return deleted;
    }

    private int delete(GenericKubernetesResource hookRun) {
        try {
            client.genericKubernetesResources(HookRunResources.CONTEXT)
                    .inNamespace(hookRun.getMetadata().getNamespace())
                    .withName(hookRun.getMetadata().getName())
                    .delete();
            return 1;
        } catch (KubernetesClientException e) {
            LOG.debug(
                    "HookRun {}/{} not deleted: {}",
                    hookRun.getMetadata().getNamespace(),
                    hookRun.getMetadata().getName(),
                    e.getMessage());
            return 0;
        }
    }

    static Instant finishedAt(GenericKubernetesResource hookRun) {
        Map<String, Object> status = HookRunWriter.statusOf(hookRun);
        Object finished = status == null ? null : status.get("finishedAt");
        if (finished == null) {
            return null;
        }
        try {
            return Instant.parse(finished.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
