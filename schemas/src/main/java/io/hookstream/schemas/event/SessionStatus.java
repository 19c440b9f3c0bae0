package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How the backup or restore session went; it decides OnSuccess/OnFailure hooks of post-* phases. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionStatus(SessionPhase phase, String duration, String error) {}
