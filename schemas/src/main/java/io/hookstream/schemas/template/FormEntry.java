package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One field of an httpPost form: a key with one or more values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FormEntry(String key, List<String> values) {

    public FormEntry {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
