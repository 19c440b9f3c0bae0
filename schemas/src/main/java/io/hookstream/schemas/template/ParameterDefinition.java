package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One {@code spec.params} entry: name, usage, required and default (KubeStash has no param types). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParameterDefinition(String name, String usage, Boolean required,
                                  @JsonProperty("default") String defaultValue) {

    public boolean isRequired() {
        return Boolean.TRUE.equals(required);
    }
}
