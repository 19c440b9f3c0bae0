package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import io.hookstream.schemas.template.RuntimeSettings;
import io.hookstream.schemas.template.Volume;
import io.hookstream.schemas.template.VolumeMount;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Dispatcher to worker: execute one hook. The action is already rendered (template expressions evaluated,
 * params resolved and checked), so a worker needs nothing but this event. {@code hookId} is unique per
 * hook of a run and is what results are matched and deduplicated by. {@code variables}, {@code volumes},
 * {@code volumeMounts} and {@code runtimeSettings} are copied from the request's HookInfo (absent lists are
 * empty); the Function executor builds its Job with them. {@code deadline} is when the dispatcher expects the
 * hook's result (it waits its result grace longer): a worker starts no retry that could not end by then, and
 * reports the last attempt's failure instead; null in events of dispatchers that did not send it (every retry of
 * {@code maxRetry} is made).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HookEvent(
        String hookId,
        String runId,
        Phase phase,
        int hookIndex,
        int hookCount,
        String hookName,
        TemplateRef template,
        SessionSummary session,
        HookExecutor executor,
        HookAction action,
        Map<String, String> params,
        int maxRetry,
        String timeout,
        Instant dispatchedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EnvVar> variables,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Volume> volumes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<VolumeMount> volumeMounts,
        RuntimeSettings runtimeSettings,
        Instant deadline) {

    public HookEvent {
        params = params == null ? Map.of() : Map.copyOf(params);
        variables = variables == null ? List.of() : List.copyOf(variables);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }

    /** The hook id of hook {@code index} of run {@code runId}: stable, so a re-dispatch is recognisable. */
    public static String hookIdOf(String runId, int index) {
        return EventIds.hookId(runId, index);
    }
}
