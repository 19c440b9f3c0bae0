package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.template.ExecutorType;
import java.time.Instant;
import java.util.List;

/**
 * Worker (or, for a Skipped hook, dispatcher) to {@code results}: the outcome of one hook. {@code reason}
 * is a machine-readable code for anything but success; {@code targets} has one entry per place the hook ran (those
 * of the last attempt). {@code history} has one entry per attempt, bounded: the first {@value #HISTORY_FIRST} and
 * the last {@value #HISTORY_LAST} are kept and {@code omittedAttempts} counts those left out between them. Both are
 * absent from results written before they existed, and from the dispatcher's (Skipped hooks, expired deadlines).
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
        List<TargetResult> targets,
        List<AttemptRecord> history,
        Integer omittedAttempts) {

    /** How many of a hook's first attempts its history keeps. */
    public static final int HISTORY_FIRST = 3;
    /** How many of a hook's last attempts its history keeps. */
    public static final int HISTORY_LAST = 7;

    public HookResult {
        targets = targets == null ? List.of() : List.copyOf(targets);
        history = history == null || history.isEmpty() ? null : List.copyOf(history);
        omittedAttempts = omittedAttempts == null || omittedAttempts <= 0 ? null : omittedAttempts;
    }

    /** A result without attempt history (a Skipped hook, an expired deadline). */
    public HookResult(
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
        this(
                hookId,
                runId,
                phase,
                hookIndex,
                hookName,
                template,
                invoker,
                executorType,
                status,
                reason,
                message,
                attempts,
                startedAt,
                finishedAt,
                durationMs,
                targets,
                null,
                null);
    }
}
