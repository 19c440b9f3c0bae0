package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code executor.function}: the KubeStash {@code Function} (addons.kubestash.com/v1alpha1) to build the
 * executor Job from, with extra env, volume mounts and volumes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FunctionHookExecutorSpec(
        String name, List<EnvVar> env, List<VolumeMount> volumeMounts, List<Volume> volumes) {

    public FunctionHookExecutorSpec {
        env = env == null ? List.of() : List.copyOf(env);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }
}
