package io.hookstream.schemas.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies for records that hold JSON trees: nothing a caller keeps can change a record. */
final class JsonTrees {

    private JsonTrees() {}

    static JsonNode copy(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }

    /** A deep, unmodifiable copy; null becomes an empty list. */
    static List<JsonNode> copy(List<JsonNode> nodes) {
        return nodes == null
                ? List.of()
                : nodes.stream()
                        .map(JsonNode::deepCopy)
                        .map(JsonNode.class::cast)
                        .toList();
    }

    /** An unmodifiable copy in the original order; null becomes an empty map. */
    static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
