package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Kubernetes {@code metav1.OwnerReference}, used by {@code executor.pod.owner} to filter pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnerReference(
        String apiVersion, String kind, String name, String uid, Boolean controller, Boolean blockOwnerDeletion) {}
