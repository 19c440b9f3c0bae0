package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Kubernetes {@code core/v1 VolumeMount}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeMount(
        String name,
        String mountPath,
        Boolean readOnly,
        String subPath,
        String subPathExpr,
        String mountPropagation,
        String recursiveReadOnly) {}
