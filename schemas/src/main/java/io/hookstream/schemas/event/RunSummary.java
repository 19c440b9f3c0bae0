package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One run in a list of runs ({@code GET /v1/runs}): where it stands, without its hooks' details (those are in
 * {@code GET /v1/runs/{runId}}). {@code failedHook} names the first hook that failed, timed out or was cancelled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSummary(
        String runId,
        Phase phase,
        RunStatus status,
        String reason,
        String message,
        ObjectReference invoker,
        String session,
        int hooks,
        int hooksFinished,
        String failedHook,
        Instant acceptedAt,
        Instant finishedAt,
        Long durationMs) {}
