package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.hookstream.schemas.template.OwnerReference;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import java.util.List;
import java.util.StringJoiner;

/**
 * The message of a {@code NoPodMatched} result: what the selector (and owner) found in the namespace and, pod by
 * pod, why the pods are not ready, e.g. {@code 2 pods match, 0 ready: web-0 ContainersNotReady, web-1 Pending};
 * at most {@value #LISTED_PODS} pods are named, then {@code … N more}. {@code waited} says how long the hook
 * waited and what ended the wait.
 */
public final class NoPodMessage {

    static final int LISTED_PODS = 5;

    private NoPodMessage() {}

    /**
     * @param waited e.g. {@code waited 1m (executor.pod.waitTimeout)}, or {@code did not wait
     *               (executor.pod.waitTimeout is 0s)}
     */
    public static String of(
            PodSelection selection,
            Selector selector,
            OwnerReference owner,
            String namespace,
            String containerName,
            PodHookExecutorStrategy strategy,
            String waited) {
        String selected = "executor.pod.selector '" + selector.text() + "'";
        if (selection.selected() == 0) {
            return selected + " matched no pod in namespace " + namespace + " (" + waited + "): check the labels"
                    + " with kubectl get pods -n " + namespace + " -l '" + selector.text() + "'";
        }
        if (owner != null && selection.owned().isEmpty()) {
            return selected + " found " + selection.selected() + " pod(s) in namespace " + namespace + ", but none"
                    + " is owned by executor.pod.owner " + OwnerMatcher.describe(owner) + " (" + waited + "):"
                    + " check the owner's kind, name and uid";
        }
        String owned = owner == null ? "" : " owned by executor.pod.owner " + OwnerMatcher.describe(owner);
        String container = containerName == null || containerName.isBlank()
                ? "its first container"
                : "container '" + containerName + "'";
        boolean all = strategy == PodHookExecutorStrategy.ExecuteOnAll;
        return selected + owned + " in namespace " + namespace + ": " + counts(selection, containerName)
                + " (" + waited + "); " + (all ? "ExecuteOnAll needs every matching pod" : "the hook needs a pod")
                + " Running, not being deleted, with " + container + " ready: check the pods with kubectl get pods"
                + " -n " + namespace + " -l '" + selector.text() + "', or give the hook a longer"
                + " executor.pod.waitTimeout";
    }

    /** {@code 2 pods match, 0 ready: web-0 ContainersNotReady, web-1 Pending}. */
    public static String counts(PodSelection selection, String containerName) {
        List<Pod> notReady = selection.notReady();
        int matching = selection.owned().size();
        String counts = matching + (matching == 1 ? " pod matches, " : " pods match, ")
                + selection.pods().size() + " ready";
        if (notReady.isEmpty()) {
            return counts;
        }
        StringJoiner pods = new StringJoiner(", ", counts + ": ", "");
        notReady.stream()
                .limit(LISTED_PODS)
                .forEach(pod ->
                        pods.add(pod.getMetadata().getName() + " " + PodReadiness.whyNotReady(pod, containerName)));
        if (notReady.size() > LISTED_PODS) {
            pods.add("… " + (notReady.size() - LISTED_PODS) + " more");
        }
        return pods.toString();
    }
}
