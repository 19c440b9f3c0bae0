package io.hookstream.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Walks a Java type as Jackson sees it (bean introspection, never a hand-written list) alongside a schema and
 * reports every place they disagree: property names, enum values, scalar types, arrays, maps, and whether unknown
 * properties are allowed. Used for the JSON Schemas and for the CRD's openAPIV3Schema.
 */
final class ContractComparison {

    /** Which kind of schema is compared. */
    enum Dialect {
        /** JSON Schema 2020-12 with local {@code $ref}s; unknown-property handling must match Jackson's. */
        JSON_SCHEMA,
        /** A structural openAPIV3Schema: no refs, int-or-string and preserve-unknown-fields extensions. */
        CRD
    }

    private final ObjectMapper mapper;
    private final JsonNode document;
    private final Dialect dialect;
    private final List<String> mismatches = new ArrayList<>();

    private ContractComparison(ObjectMapper mapper, JsonNode document, Dialect dialect) {
        this.mapper = mapper;
        this.document = document;
        this.dialect = dialect;
    }

    /** Mismatches between {@code type} and {@code schema} (a node of {@code document}); empty when they agree. */
    static List<String> compare(
            ObjectMapper mapper, Class<?> type, JsonNode document, JsonNode schema, Dialect dialect) {
        ContractComparison comparison = new ContractComparison(mapper, document, dialect);
        comparison.compare(mapper.constructType(type), schema, "$");
        return List.copyOf(comparison.mismatches);
    }

    private void compare(JavaType type, JsonNode schemaNode, String path) {
        JsonNode schema = effective(schemaNode, path);
        if (schema.isMissingNode()) {
            return;
        }
        Class<?> raw = type.getRawClass();
        if (raw == IntOrString.class) {
            compareIntOrString(schema, path);
        } else if (JsonNode.class.isAssignableFrom(raw)) {
            expectType(schema, "object", path);
        } else if (type.isEnumType()) {
            compareEnum(raw, schema, path);
        } else if (raw == String.class) {
            expectType(schema, "string", path);
        } else if (raw == Instant.class) {
            expectType(schema, "string", path);
            if (!"date-time".equals(schema.path("format").asText())) {
                mismatch(path, "an Instant must be a string of format date-time");
            }
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            expectType(schema, "integer", path);
        } else if (raw == Boolean.class || raw == boolean.class) {
            expectType(schema, "boolean", path);
        } else if (type.isCollectionLikeType() || type.isArrayType()) {
            expectType(schema, "array", path);
            compare(type.getContentType(), schema.get("items"), path + "[]");
        } else if (type.isMapLikeType()) {
            compareMap(type, schema, path);
        } else if (raw.getPackageName().startsWith("io.hookstream.schemas")) {
            compareBean(type, schema, path);
        } else {
            mismatch(path, "no rule for Java type " + type);
        }
    }

    private void compareBean(JavaType type, JsonNode schema, String path) {
        expectType(schema, "object", path);
        BeanDescription written = mapper.getSerializationConfig().introspect(type);
        BeanDescription read = mapper.getDeserializationConfig().introspect(type);
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        written.findProperties().stream()
                .filter(BeanPropertyDefinition::couldSerialize)
                .forEach(p -> properties.put(p.getName(), p));
        Set<String> readNames = read.findProperties().stream()
                .filter(BeanPropertyDefinition::couldDeserialize)
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!readNames.equals(new TreeSet<>(properties.keySet()))) {
            mismatch(
                    path,
                    type.getRawClass().getSimpleName() + ": Jackson writes " + new TreeSet<>(properties.keySet())
                            + " but reads " + readNames);
        }
        if (dialect == Dialect.CRD && type.getRawClass() == ObjectMeta.class) {
            if (!schema.equals(mapper.createObjectNode().put("type", "object"))) {
                mismatch(path, "a CRD's metadata schema must be exactly {type: object}");
            }
            return;
        }
        Set<String> schemaNames = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(schemaNames::add);
        Set<String> notInSchema = new TreeSet<>(properties.keySet());
        notInSchema.removeAll(schemaNames);
        Set<String> notInRecord = new TreeSet<>(schemaNames);
        notInRecord.removeAll(properties.keySet());
        if (!notInSchema.isEmpty() || !notInRecord.isEmpty()) {
            mismatch(
                    path,
                    type.getRawClass().getSimpleName() + ": properties of the record but not of the schema "
                            + notInSchema + ", of the schema but not of the record " + notInRecord);
        }
        compareUnknownProperties(type, written, read, schema, path);
        properties.forEach((name, property) -> {
            if (schemaNames.contains(name)) {
                compare(property.getPrimaryType(), schema.path("properties").get(name), path + "." + name);
            }
        });
    }

    private void compareUnknownProperties(
            JavaType type, BeanDescription written, BeanDescription read, JsonNode schema, String path) {
        JsonNode additional = schema.get("additionalProperties");
        boolean anyGetter = written.findAnyGetter() != null;
        if (dialect == Dialect.CRD) {
            boolean preserved =
                    schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (anyGetter != preserved) {
                mismatch(
                        path,
                        "x-kubernetes-preserve-unknown-fields must be set exactly where the record keeps "
                                + "unknown properties (any-getter: " + anyGetter + ")");
            }
            return;
        }
        boolean anySetter = read.findAnySetterAccessor() != null;
        JsonIgnoreProperties.Value ignorals =
                mapper.getDeserializationConfig().getDefaultPropertyIgnorals(type.getRawClass(), read.getClassInfo());
        boolean ignoresUnknown = ignorals != null && ignorals.getIgnoreUnknown();
        if (anyGetter || anySetter) {
            if (additional == null || !additional.isObject()) {
                mismatch(path, "the record keeps unknown properties, so additionalProperties must be a schema");
            }
        } else if (ignoresUnknown) {
            if (additional != null && !additional.asBoolean(true)) {
                mismatch(path, "Jackson ignores unknown properties here, so the schema must allow them");
            }
        } else if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
            mismatch(path, "Jackson refuses unknown properties here, so additionalProperties must be false");
        }
    }

    private void compareMap(JavaType type, JsonNode schema, String path) {
        expectType(schema, "object", path);
        if (schema.has("properties")) {
            mismatch(path, "a map must not list properties");
        }
        JsonNode values = schema.get("additionalProperties");
        if (values == null || !values.isObject()) {
            mismatch(path, "a map needs an additionalProperties schema for its values");
            return;
        }
        if (type.getContentType().getRawClass() != Object.class) {
            compare(type.getContentType(), values, path + ".*");
        }
    }

    private void compareEnum(Class<?> raw, JsonNode schema, String path) {
        expectType(schema, "string", path);
        Set<String> javaValues = Arrays.stream(raw.getEnumConstants())
                .map(constant -> mapper.valueToTree(constant).asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> schemaValues = new TreeSet<>();
        schema.path("enum").forEach(value -> schemaValues.add(value.asText()));
        if (!javaValues.equals(schemaValues)) {
            mismatch(
                    path,
                    raw.getSimpleName() + " serializes as " + javaValues + " but the schema's enum is " + schemaValues);
        }
    }

    private void compareIntOrString(JsonNode schema, String path) {
        Set<String> types = new TreeSet<>();
        schema.path("anyOf").forEach(option -> types.add(option.path("type").asText()));
        if (!types.equals(Set.of("integer", "string"))) {
            mismatch(path, "an IntOrString must be anyOf integer or string");
        }
        if (dialect == Dialect.CRD && !schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            mismatch(path, "an IntOrString needs x-kubernetes-int-or-string: true in a CRD");
        }
    }

    private void expectType(JsonNode schema, String expected, String path) {
        JsonNode type = schema.get("type");
        boolean matches = type != null
                && (type.isArray() ? type.toString().contains('"' + expected + '"') : expected.equals(type.asText()));
        if (!matches) {
            mismatch(path, "expected type " + expected + " but the schema says " + type);
        }
    }

    /** The schema node with its {@code $ref} (local to the document) resolved; siblings of the ref win. */
    private JsonNode effective(JsonNode node, String path) {
        if (node == null || node.isMissingNode()) {
            mismatch(path, "no schema");
            return MissingNode.getInstance();
        }
        if (!node.has("$ref")) {
            return node;
        }
        if (dialect == Dialect.CRD) {
            mismatch(path, "a CRD schema cannot use $ref");
            return MissingNode.getInstance();
        }
        String ref = node.get("$ref").asText();
        JsonNode target = ref.startsWith("#/") ? document.at(ref.substring(1)) : MissingNode.getInstance();
        if (target.isMissingNode()) {
            mismatch(path, "unresolvable $ref " + ref);
            return target;
        }
        ObjectNode merged = effective(target, path).deepCopy();
        node.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("$ref")) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    private void mismatch(String path, String what) {
        mismatches.add(path + ": " + what);
    }
}
