package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Dispatcher to {@code runs}: one outcome per run. A Rejected run never executed anything and says why in
 * {@code problems} (each naming the field at fault). {@code cancellation} is the cancel the run received, if any
 * (also on a run that finished on its own before the cancel could stop anything).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunOutcome(
        String runId,
        Phase phase,
        SessionSummary session,
        ObjectReference invoker,
        RunStatus status,
        String reason,
        String message,
        List<Problem> problems,
        List<HookOutcome> hooks,
        Instant acceptedAt,
        Instant finishedAt,
        Long durationMs,
        CancelRequest cancellation) {

    public RunOutcome {
        problems = problems == null || problems.isEmpty() ? null : List.copyOf(problems);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }
}
