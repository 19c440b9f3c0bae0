package io.hookstream.worker.executor.pod.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.hookstream.worker.executor.internal.StepOutcome;
import java.util.List;

/**
 * What finding the pods of a hook came to: the pods that can run it, sorted by name, with how many pods the
 * selector found and how many of those the owner kept (all of them without an owner); or the failure of a
 * Kubernetes call.
 */
public record PodSelection(List<Pod> pods, int selected, int owned, StepOutcome failure) {

    public PodSelection {
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    static PodSelection failed(StepOutcome failure) {
        return new PodSelection(List.of(), 0, 0, failure);
    }
}
