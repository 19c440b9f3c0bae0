package io.hookstream.schemas.template;

/** Values of {@code executor.pod.strategy}. */
public enum PodHookExecutorStrategy {
    ExecuteOnOne,
    ExecuteOnAll
}
