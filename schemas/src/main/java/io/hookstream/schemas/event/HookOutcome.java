package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.HookAction;
import java.time.Instant;
import java.util.List;

/**
 * One hook's line in a run outcome. Besides its status: the {@code executor} type, the rendered {@code action} with
 * the values of secret params masked, when the dispatcher sent it to the workers ({@code dispatchedAt}), when its
 * first attempt started and its last finished, each attempt ({@code history}, bounded as in {@link HookResult}, with
 * {@code omittedAttempts}) and the places it ran ({@code targets}, at most {@value #MAX_TARGETS} kept, with
 * {@code omittedTargets} counting the rest). Every field but {@code index} and {@code status} may be absent (outcomes
 * written before the field existed, hooks that have not got that far).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HookOutcome(
        int index,
        String name,
        String hookId,
        TemplateRef template,
        HookStatus status,
        String reason,
        String message,
        Integer attempts,
        Long durationMs,
        ExecutorType executor,
        HookAction action,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        List<AttemptRecord> history,
        Integer omittedAttempts,
        List<TargetResult> targets,
        Integer omittedTargets) {

    /** How many of a hook's targets its outcome keeps (a Pod hook may run on many pods). */
    public static final int MAX_TARGETS = 10;

    public HookOutcome {
        history = history == null || history.isEmpty() ? null : List.copyOf(history);
        targets = targets == null || targets.isEmpty() ? null : List.copyOf(targets);
        omittedAttempts = omittedAttempts == null || omittedAttempts <= 0 ? null : omittedAttempts;
        omittedTargets = omittedTargets == null || omittedTargets <= 0 ? null : omittedTargets;
    }

    /** A line without detail (executor, action, timestamps, history, targets). */
    public HookOutcome(
            int index,
            String name,
            String hookId,
            TemplateRef template,
            HookStatus status,
            String reason,
            String message,
            Integer attempts,
            Long durationMs) {
        this(
                index,
                name,
                hookId,
                template,
                status,
                reason,
                message,
                attempts,
                durationMs,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
