package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a manifest tree against the record it binds to, field by field, so that one field that would not bind
 * does not hide the others: unknown fields, wrong types, invalid enum values, empty list entries and map values.
 * Records are walked through their Jackson properties (so a field added to a schema record is checked without a
 * change here), unless they bring a creator or deserializer of their own; every other value (strings, numbers, enums, {@code IntOrString}, volumes...) is bound on its own
 * by the same mapper, so a value is refused here exactly when binding would refuse it. Thread-safe.
 */
public final class ShapeCheck {

    /**
     * One field that would not bind: its path under the checked tree, what is wrong, and whether it is an
     * unknown field (a likely misspelling of a sibling) rather than a bad value.
     */
    public record Issue(String field, String message, boolean unknownField) {}

    /** The checked tree with every field at fault removed (what does bind), and the issues. */
    public record Result(JsonNode pruned, List<Issue> issues) {

        public Result {
            issues = List.copyOf(issues);
        }
    }

    private record Shape(Map<String, JavaType> properties, Set<String> ignored, boolean ignoreUnknown) {}

    private final ObjectMapper mapper;
    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> plainRecords = new ConcurrentHashMap<>();

    public ShapeCheck(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Checks {@code tree} (not changed) as a {@code type}. */
    public Result check(JsonNode tree, Class<?> type) {
        JsonNode copy = tree.deepCopy();
        List<Issue> issues = new ArrayList<>();
        List<Runnable> removals = new ArrayList<>();
        walk(copy, mapper.constructType(type), "", () -> {}, issues, removals);
        removals.forEach(Runnable::run);
        return new Result(copy, issues);
    }

    private void walk(
            JsonNode node, JavaType type, String path, Runnable remove, List<Issue> issues, List<Runnable> removals) {
        if (node == null
                || node.isNull()
                || node.isMissingNode()
                || JsonNode.class.isAssignableFrom(type.getRawClass())) {
            return; // not set, or kept as the tree it is
        }
        if (type.isCollectionLikeType() && node.isArray()) {
            JavaType content = type.getContentType();
            for (int i = 0; i < node.size(); i++) {
                element(node.get(i), content, path + "[" + i + "]", remove, issues, removals);
            }
        } else if (type.isMapLikeType() && node.isObject()) {
            JavaType content = type.getContentType();
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                element(
                        entry.getValue(),
                        content,
                        LineIndex.child(path, key),
                        () -> object.remove(key),
                        issues,
                        removals);
            }
        } else if (node.isObject() && plainRecords.computeIfAbsent(type.getRawClass(), ShapeCheck::isPlainRecord)) {
            record((ObjectNode) node, type, path, issues, removals);
        } else {
            bindAlone(node, type, path, remove, issues, removals);
        }
    }

    /** A list element or map value: an empty one breaks the record that holds it (no nulls in its copies). */
    private void element(
            JsonNode value, JavaType type, String path, Runnable remove, List<Issue> issues, List<Runnable> removals) {
        if (value.isNull() && !JsonNode.class.isAssignableFrom(type.getRawClass())) {
            issues.add(new Issue(path, "is empty; fill it in or remove it", false));
            removals.add(remove);
        } else {
            walk(value, type, path, remove, issues, removals);
        }
    }

    private void record(ObjectNode node, JavaType type, String path, List<Issue> issues, List<Runnable> removals) {
        Shape shape = shapes.computeIfAbsent(type.getRawClass(), raw -> shapeOf(type));
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            String child = LineIndex.child(path, name);
            JavaType fieldType = shape.properties().get(name);
            if (fieldType != null) {
                walk(field.getValue(), fieldType, child, () -> node.remove(name), issues, removals);
            } else if (!shape.ignoreUnknown() && !shape.ignored().contains(name)) {
                issues.add(new Issue(
                        child,
                        BindingErrors.unknownField(name, shape.properties().keySet()),
                        true));
                removals.add(() -> node.remove(name));
            }
        }
    }

    /** Binds a value that is not walked further with the mapper itself, reporting what it refuses. */
    private void bindAlone(
            JsonNode node, JavaType type, String path, Runnable remove, List<Issue> issues, List<Runnable> removals) {
        try {
            mapper.treeToValue(node, type);
            return;
        } catch (JsonMappingException e) {
            String inner = BindingErrors.fieldOf(e);
            String field = inner.isEmpty() ? path : inner.startsWith("[") ? path + inner : LineIndex.child(path, inner);
            issues.add(new Issue(field, BindingErrors.messageOf(e), false));
        } catch (IOException | IllegalArgumentException e) {
            issues.add(new Issue(path, "cannot be read: " + e.getMessage(), false));
        }
        removals.add(remove);
    }

    /**
     * A record that Jackson binds through its canonical constructor, property by property: one with a custom
     * deserializer or creator of its own is bound alone instead, as Jackson would bind it.
     */
    private static boolean isPlainRecord(Class<?> type) {
        if (!type.isRecord() || type.isAnnotationPresent(JsonDeserialize.class)) {
            return false;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.isAnnotationPresent(JsonCreator.class)) {
                return false;
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.isAnnotationPresent(JsonCreator.class)) {
                return false;
            }
        }
        return true;
    }

    private Shape shapeOf(JavaType type) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        BeanDescription description = config.introspect(type);
        Map<String, JavaType> properties = new TreeMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldDeserialize()) {
                properties.put(property.getName(), property.getPrimaryType());
            }
        }
        JsonIgnoreProperties.Value ignorals =
                config.getDefaultPropertyIgnorals(type.getRawClass(), description.getClassInfo());
        Set<String> ignored = new HashSet<>(description.getIgnoredPropertyNames());
        ignored.addAll(ignorals.findIgnoredForDeserialization());
        boolean ignoreUnknown =
                ignorals.getIgnoreUnknown() || !config.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new Shape(Map.copyOf(properties), Set.copyOf(ignored), ignoreUnknown);
    }
}
