package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes volume: a {@code name} plus one volume source (persistentVolumeClaim, configMap, secret,
 * emptyDir, ...), kept as the JSON tree it came as for the Kubernetes executors to pass on.
 */
public final class Volume {

    private final String name;
    private final Map<String, JsonNode> source = new LinkedHashMap<>();

    @JsonCreator
    public Volume(@JsonProperty("name") String name) {
        this.name = name;
    }

    public Volume(String name, Map<String, JsonNode> source) {
        this(name);
        source.forEach(this::put);
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    /** The volume source, in the order it came, keyed by its kind (e.g. {@code persistentVolumeClaim}). */
    @JsonAnyGetter
    public Map<String, JsonNode> source() {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        source.forEach((key, value) -> copy.put(key, value.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }

    @JsonAnySetter
    private void put(String key, JsonNode value) {
        source.put(key, value == null ? NullNode.getInstance() : value.deepCopy());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Volume that && Objects.equals(name, that.name) && source.equals(that.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source);
    }

    @Override
    public String toString() {
        return "Volume[name=" + name + ", source=" + source + "]";
    }
}
