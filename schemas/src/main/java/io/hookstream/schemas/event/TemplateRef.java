package io.hookstream.schemas.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code hookTemplate}: the name and namespace of a HookTemplate (namespace defaults to the invoker's). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateRef(String name, String namespace) {

    @Override
    public String toString() {
        return (namespace == null ? "" : namespace + "/") + name;
    }
}
