package io.hookstream.dispatcher.internal;

import io.hookstream.schemas.event.ExecutionPolicy;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.RuntimeSettings;
import io.hookstream.schemas.template.Volume;
import io.hookstream.schemas.template.VolumeMount;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One hook of an accepted run, fixed at acceptance: the template it resolved to (so a later template change
 * does not touch a run in flight), its resolved params, its rendered action, and the HookInfo's variables,
 * volumes, volume mounts and runtime settings (passed on unchanged for Function executors).
 */
record PlannedHook(
        int index,
        String name,
        TemplateRef template,
        HookExecutor executor,
        HookAction action,
        Map<String, String> params,
        Duration timeout,
        int maxRetry,
        ExecutionPolicy executionPolicy,
        List<EnvVar> variables,
        List<Volume> volumes,
        List<VolumeMount> volumeMounts,
        RuntimeSettings runtimeSettings) {

    /** Lists absent from a run-state snapshot written before they existed read as empty. */
    PlannedHook {
        variables = variables == null ? List.of() : List.copyOf(variables);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }
}
