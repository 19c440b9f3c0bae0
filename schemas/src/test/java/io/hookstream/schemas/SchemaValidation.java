package io.hookstream.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates JSON against the published JSON Schemas (formats asserted) and against the CRD's openAPIV3Schema. */
final class SchemaValidation {

    private static final SchemaRegistryConfig ASSERT_FORMATS =
            SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    private static final SchemaRegistry DRAFT_2020_12 = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(ASSERT_FORMATS));
    /** OpenAPI v3 schemas are closest to draft 4; x-kubernetes-* keywords are unknown and ignored. */
    private static final SchemaRegistry OPENAPI_V3 = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_4, builder -> builder.schemaRegistryConfig(ASSERT_FORMATS));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaValidation() {}

    /** Errors of {@code json} against the JSON Schema resource {@code schemaName}; empty when valid. */
    static List<String> errors(String schemaName, String json) {
        Schema schema = SCHEMAS.computeIfAbsent(
                schemaName, name -> DRAFT_2020_12.getSchema(SchemaResources.read(name), InputFormat.JSON));
        return messages(schema.validate(json, InputFormat.JSON));
    }

    /** Errors of {@code value}, serialized with {@link Json#mapper()}, against its JSON Schema. */
    static List<String> errors(Object value) {
        return errors(SchemaResources.jsonSchemaFor(value.getClass()), toJson(value));
    }

    /** Errors of a HookTemplate manifest against the CRD's {@code openAPIV3Schema}. */
    static List<String> crdErrors(String json) {
        Schema schema = SCHEMAS.computeIfAbsent(
                "crd", name -> OPENAPI_V3.getSchema(toJson(Crd.openApiV3Schema()), InputFormat.JSON));
        return messages(schema.validate(json, InputFormat.JSON));
    }

    /** Errors of a schema document against the draft 2020-12 meta-schema. */
    static List<String> metaSchemaErrors(String schemaName) {
        Schema meta = DRAFT_2020_12.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        return messages(meta.validate(SchemaResources.read(schemaName), InputFormat.JSON));
    }

    static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(JsonNode tree) {
        return tree.toString();
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
