package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Kubernetes {@code core/v1 EnvVar}. {@code valueFrom} (secretKeyRef, configMapKeyRef, fieldRef, ...)
 * is kept as the JSON tree it came as, for the Kubernetes executors to pass on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvVar(String name, String value, JsonNode valueFrom) {

    public EnvVar {
        valueFrom = valueFrom == null ? null : valueFrom.deepCopy();
    }
}
