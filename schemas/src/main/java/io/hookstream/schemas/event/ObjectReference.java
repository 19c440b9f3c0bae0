package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A typed reference to a Kubernetes object (invoker or target of a session). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectReference(String apiGroup, String kind, String namespace, String name) {}
