package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * Finds the empty entry that made a record refuse its input: a null list element, or a null value in a
 * string map ({@code labels}, {@code annotations}, {@code matchLabels}). Elsewhere null means "not set".
 */
final class NullFinder {

    private static final Set<String> STRING_MAPS = Set.of("labels", "annotations", "matchLabels");

    private NullFinder() {}

    /** The path of the first such null under {@code path} of {@code root}, or null when there is none. */
    static String firstNull(JsonNode root, String path) {
        JsonNode start = root;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            start = descend(start, part);
            if (start == null) {
                return null;
            }
        }
        return find(start, path, false);
    }

    private static JsonNode descend(JsonNode node, String part) {
        int bracket = part.indexOf('[');
        JsonNode current = node.get(bracket < 0 ? part : part.substring(0, bracket));
        while (current != null && bracket >= 0) {
            int close = part.indexOf(']', bracket);
            current = current.get(Integer.parseInt(part.substring(bracket + 1, close)));
            bracket = part.indexOf('[', close);
        }
        return current;
    }

    private static String find(JsonNode node, String path, boolean stringMap) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String element = path + "[" + i + "]";
                String found = node.get(i).isNull() ? element : find(node.get(i), element, false);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = LineIndex.child(path, field.getKey());
                String found = field.getValue().isNull()
                        ? (stringMap ? child : null)
                        : find(field.getValue(), child, STRING_MAPS.contains(field.getKey()));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
