package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One hook's line in a run outcome. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookOutcome(
        int index,
        String name,
        String hookId,
        TemplateRef template,
        HookStatus status,
        String reason,
        String message,
        Integer attempts,
        Long durationMs) {}
