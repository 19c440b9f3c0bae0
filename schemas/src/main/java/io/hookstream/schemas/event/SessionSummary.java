package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * KubeStash's session {@code Summary}: the data hook templates see as {@code .Name}, {@code .Namespace},
 * {@code .Invoker}, {@code .Target} and {@code .Status}. {@code namespace} is the invoker's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionSummary(
        String name, String namespace, ObjectReference invoker, ObjectReference target, SessionStatus status) {}
