package io.hookstream.templates.render.internal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Go struct value as templates see it: named fields (Go names, case-sensitive) with their JSON names. A
 * {@code nil} struct (an absent invoker, target or status) still has its fields, which read as "".
 */
public record GoStruct(String typeName, boolean nil, List<GoField> fields) {

    public GoStruct {
        fields = List.copyOf(fields);
    }

    /** One field; {@code jsonName} is null for fields that {@code toJson} leaves out. */
    public record GoField(String name, String jsonName, Object value) {}

    public Optional<GoField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The field names for messages, such as {@code .Name, .Namespace}. */
    public String fieldList() {
        return fields.stream().map(f -> "." + f.name()).collect(Collectors.joining(", "));
    }
}
