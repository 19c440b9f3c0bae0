package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.worker.executor.internal.StepOutcome;
import java.util.List;

/**
 * What finding the pods of a hook came to: the pods that can run it ({@code pods}, sorted by name), the pods
 * the selector found and the owner kept ({@code owned}, all of the selected ones without an owner, sorted by
 * name) and how many pods the selector found; or the failure of a Kubernetes call.
 */
public record PodSelection(List<Pod> pods, List<Pod> owned, int selected, StepOutcome failure) {

    public PodSelection {
        pods = pods == null ? List.of() : List.copyOf(pods);
        owned = owned == null ? List.of() : List.copyOf(owned);
    }

    static PodSelection failed(StepOutcome failure) {
        return new PodSelection(List.of(), List.of(), 0, failure);
    }

    /** The owned pods that cannot run the hook now, in name order. */
    public List<Pod> notReady() {
        return owned.stream().filter(pod -> !pods.contains(pod)).toList();
    }

    /**
     * Whether the hook can run now: ExecuteOnOne needs one pod that can run it; ExecuteOnAll needs one too, and
     * every other owned pod to be one that will not become ready (being deleted, or Succeeded or Failed), as
     * waiting for those is pointless.
     */
    public boolean enoughFor(PodHookExecutorStrategy strategy) {
        if (failure != null || pods.isEmpty()) {
            return false;
        }
        return strategy != PodHookExecutorStrategy.ExecuteOnAll
                || notReady().stream().allMatch(PodReadiness::cannotBecomeReady);
    }
}
