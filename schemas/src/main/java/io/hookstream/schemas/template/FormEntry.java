package io.hookstream.schemas.template;

import java.util.List;

/** One field of an httpPost form: a key with one or more values. */
public record FormEntry(String key, List<String> values) {

    public FormEntry {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
