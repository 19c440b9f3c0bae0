package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.RuntimeSettings;
import io.hookstream.schemas.template.Volume;
import io.hookstream.schemas.template.VolumeMount;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hook of a run, as KubeStash's {@code HookInfo}: its name, the template it uses, params (a JSON
 * object), {@code maxRetry} (default 0), {@code timeout} (a duration string such as {@code 30s}),
 * {@code executionPolicy} (default Always), {@code variables} (environment variables), and for Function
 * executors extra {@code volumes}, {@code volumeMounts} and {@code runtimeSettings} of the executor Job.
 * Absent lists are empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookInfo(
        String name,
        TemplateRef hookTemplate,
        Map<String, Object> params,
        Integer maxRetry,
        String timeout,
        ExecutionPolicy executionPolicy,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EnvVar> variables,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Volume> volumes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<VolumeMount> volumeMounts,
        RuntimeSettings runtimeSettings) {

    public HookInfo {
        params = params == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        variables = variables == null ? List.of() : List.copyOf(variables);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }

    public int effectiveMaxRetry() {
        return maxRetry == null ? 0 : maxRetry;
    }

    public ExecutionPolicy effectiveExecutionPolicy() {
        return executionPolicy == null ? ExecutionPolicy.Always : executionPolicy;
    }
}
