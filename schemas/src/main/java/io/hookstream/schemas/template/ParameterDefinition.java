package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One {@code spec.params} entry: name, usage, required and default (KubeStash has no param types). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParameterDefinition(
        String name,
        String usage,
        @JsonProperty("required") Boolean required,
        @JsonProperty("default") String defaultValue) {

    /** {@code required}, false when absent. Not a JSON property: an absent {@code required} stays absent. */
    @JsonIgnore
    public boolean isRequired() {
        return Boolean.TRUE.equals(required);
    }
}
