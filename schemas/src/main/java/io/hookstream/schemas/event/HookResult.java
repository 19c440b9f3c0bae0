package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.template.ExecutorType;
import java.time.Instant;
import java.util.List;

/**
 * Worker (or, for a Skipped hook, dispatcher) to {@code results}: the outcome of one hook. {@code reason}
 * is a machine-readable code for anything but success; {@code targets} has one entry per place the hook ran.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HookResult(
        String hookId,
        String runId,
        Phase phase,
        int hookIndex,
        String hookName,
        TemplateRef template,
        ObjectReference invoker,
        ExecutorType executorType,
        HookStatus status,
        String reason,
        String message,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        List<TargetResult> targets) {

    public HookResult {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
