package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HookExecutor;
import java.time.Instant;
import java.util.Map;

/**
 * Dispatcher to worker: execute one hook. The action is already rendered (template expressions evaluated,
 * params resolved and checked), so a worker needs nothing but this event. {@code hookId} is unique per
 * hook of a run and is what results are matched and deduplicated by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HookEvent(String hookId, String runId, Phase phase, int hookIndex, int hookCount, String hookName,
                        TemplateRef template, SessionSummary session, HookExecutor executor, HookAction action,
                        Map<String, String> params, int maxRetry, String timeout, Instant dispatchedAt) {

    public HookEvent {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** The hook id of hook {@code index} of run {@code runId}: stable, so a re-dispatch is recognisable. */
    public static String hookIdOf(String runId, int index) {
        return runId + "/" + index;
    }
}
