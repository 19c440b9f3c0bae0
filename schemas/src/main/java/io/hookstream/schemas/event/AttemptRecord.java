package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One attempt of a hook: its number (from 1), when it started, how long it took, what it came to (Succeeded,
 * Failed, TimedOut or Cancelled) with its reason code, and the backoff waited after it before the next attempt
 * ({@code backoffMs}, absent on the last attempt). No message: the hook's message is the last attempt's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptRecord(
        int number, Instant startedAt, long durationMs, HookStatus status, String reason, Long backoffMs) {

    /** This attempt with the backoff waited after it (null: none, it is the last). */
    public AttemptRecord withBackoff(Long backoffMillis) {
        return new AttemptRecord(number, startedAt, durationMs, status, reason, backoffMillis);
    }
}
