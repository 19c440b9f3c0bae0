package io.hookstream.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Structural mutations of a JSON document, written back as text: fields removed, added, renamed, duplicated or
 * swapped; values replaced by the wrong type, null, interesting strings, numbers beyond every limit, very long
 * strings, huge arrays or deep nesting. The text writer can repeat a key and emit raw number text that no
 * {@link JsonNode} can hold ({@code 1e309}, 400-digit integers).
 */
public final class JsonMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Raw JSON text placed as a value. */
    private record Raw(String json) {}

    private record Location(JsonNode container, String field, int index) {
        JsonNode get() {
            return field != null ? container.get(field) : container.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) container).set(field, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) container).remove(field);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }

    private final Mutator mutator;
    private final int maxLong;
    private final Set<JsonNode> duplicateKeyIn = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param maxLong the longest string (and deepest nesting) a mutation may create */
    public JsonMutator(Mutator mutator, int maxLong) {
        this.mutator = mutator;
        this.maxLong = maxLong;
    }

    /** Between 1 and {@code max} structural mutations of a copy of {@code seed}, as JSON text. */
    public String mutate(JsonNode seed, int max) {
        duplicateKeyIn.clear();
        JsonNode root = seed.deepCopy();
        for (int n = 1 + mutator.random().nextInt(max); n > 0; n--) {
            if (mutator.chance(0.03)) {
                root = wrongValue(root);
                continue;
            }
            List<Location> locations = new ArrayList<>();
            collect(root, locations);
            if (locations.isEmpty()) {
                root = wrongValue(root);
                continue;
            }
            mutateAt(mutator.pick(locations), locations);
        }
        StringBuilder out = new StringBuilder();
        write(root, out);
        return out.toString();
    }

    private void mutateAt(Location at, List<Location> all) {
        JsonNode current = at.get();
        switch (mutator.random().nextInt(12)) {
            case 0, 1 -> at.remove();
            case 2, 3 -> at.set(wrongValue(current));
            case 4 -> at.set(NODES.nullNode());
            case 5 ->
                at.set(
                        current != null && current.isTextual()
                                ? NODES.textNode(mutator.mutateText(current.asText(), List.of(), 3))
                                : NODES.textNode(mutator.interestingString(maxLong)));
            case 6 -> { // add an unknown field next to this one
                if (at.container() instanceof ObjectNode object) {
                    object.set(
                            mutator.pick(List.of(
                                    "extra", "runID", "RunId", "__proto__", "$ref", "", mutator.interestingString(40))),
                            wrongValue(null));
                } else {
                    ((ArrayNode) at.container()).add(wrongValue(null));
                }
            }
            case 7 -> { // rename
                if (at.field() != null) {
                    ObjectNode object = (ObjectNode) at.container();
                    object.remove(at.field());
                    String renamed = mutator.chance(0.5)
                            ? at.field().toUpperCase(Locale.ROOT)
                            : mutator.mutateText(at.field(), List.of(), 2);
                    object.set(renamed, current);
                } else {
                    at.set(wrongValue(current));
                }
            }
            case 8 -> { // repeat a key of this object (the writer emits it twice)
                duplicateKeyIn.add(at.container());
            }
            case 9 -> { // swap with another value
                Location other = mutator.pick(all);
                JsonNode value = other.get();
                if (value != null && value != at.container() && other.container() != current) {
                    at.set(value.deepCopy());
                }
            }
            case 10 -> at.set(many(current));
            default ->
                at.set(new POJONode(new Raw(
                        mutator.chance(0.5)
                                ? mutator.pick(Mutator.INTERESTING_NUMBERS)
                                : nested(
                                        1 + mutator.random().nextInt(Math.max(1, maxLong / 10)),
                                        mutator.chance(0.5)))));
        }
    }

    private JsonNode many(JsonNode current) {
        ArrayNode array = NODES.arrayNode();
        JsonNode item = current == null || current.isMissingNode() ? NODES.textNode("x") : current;
        for (int n = 2 + mutator.random().nextInt(Math.max(2, Math.min(1000, maxLong / 100))); n > 0; n--) {
            array.add(item.deepCopy());
        }
        return array;
    }

    /** A value of another kind than {@code current}. */
    private JsonNode wrongValue(JsonNode current) {
        for (int tries = 0; tries < 4; tries++) {
            JsonNode value = switch (mutator.random().nextInt(8)) {
                case 0 -> NODES.booleanNode(mutator.chance(0.5));
                case 1 ->
                    NODES.numberNode(
                            mutator.random().nextInt() >> mutator.random().nextInt(32));
                case 2 -> NODES.textNode(mutator.interestingString(maxLong));
                case 3 -> NODES.arrayNode().add(NODES.textNode(mutator.pick(Mutator.INTERESTING_STRINGS)));
                case 4 -> NODES.objectNode().put(mutator.pick(List.of("a", "name", "", "kind")), "x");
                case 5 -> NODES.nullNode();
                case 6 -> new POJONode(new Raw(mutator.pick(Mutator.INTERESTING_NUMBERS)));
                default -> randomTree(3);
            };
            if (current == null || value.getNodeType() != current.getNodeType()) {
                return value;
            }
        }
        return NODES.nullNode();
    }

    /** A random JSON value at most {@code depth} levels deep. */
    public JsonNode randomTree(int depth) {
        int kind = mutator.random().nextInt(depth <= 0 ? 4 : 6);
        return switch (kind) {
            case 0 -> NODES.textNode(mutator.interestingString(64));
            case 1 -> NODES.numberNode(mutator.random().nextLong());
            case 2 -> NODES.booleanNode(mutator.chance(0.5));
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode array = NODES.arrayNode();
                for (int n = mutator.random().nextInt(4); n > 0; n--) {
                    array.add(randomTree(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int n = mutator.random().nextInt(4); n > 0; n--) {
                    object.set(
                            mutator.pick(List.of("name", "runId", "phase", "kind", "spec", "a", "")),
                            randomTree(depth - 1));
                }
                yield object;
            }
        };
    }

    /** {@code depth} nested arrays ({@code [[[...]]]}) or objects ({@code {"a":{"a":...}}}) around a 1. */
    public static String nested(int depth, boolean arrays) {
        StringBuilder out = new StringBuilder(depth * 6);
        out.append((arrays ? "[" : "{\"a\":").repeat(depth)).append('1').append((arrays ? "]" : "}").repeat(depth));
        return out.toString();
    }

    /** {@code node} as compact JSON text, raw values as they are, repeated keys where the mutations asked. */
    private void write(JsonNode node, StringBuilder out) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Raw raw) {
            out.append(raw.json());
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            String repeat = null;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(NODES.textNode(field.getKey()).toString()).append(':');
                write(field.getValue(), out);
                if (repeat == null && duplicateKeyIn.contains(node)) {
                    repeat = field.getKey();
                }
            }
            if (repeat != null) {
                out.append(',').append(NODES.textNode(repeat).toString()).append(':');
                write(wrongValue(node.get(repeat)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static void collect(JsonNode node, List<Location> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.add(new Location(node, field.getKey(), -1));
                collect(field.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Location(node, null, i));
                collect(node.get(i), out);
            }
        }
    }
}
