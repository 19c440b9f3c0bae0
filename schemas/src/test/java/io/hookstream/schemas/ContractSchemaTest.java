package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.ContractComparison.Dialect;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunList;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.template.HookTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The records and the published schemas describe the same JSON: same names, same enums, same nesting. */
class ContractSchemaTest {

    static List<Class<?>> roots() {
        return List.of(
                RunRequest.class,
                HookEvent.class,
                HookResult.class,
                RunOutcome.class,
                CancelRequest.class,
                RunList.class,
                HookTemplate.class);
    }

    @ParameterizedTest
    @MethodSource("roots")
    void everyPropertyJacksonUsesIsInTheJsonSchemaAndNoOther(Class<?> root) throws IOException {
        JsonNode schema = schema(SchemaResources.jsonSchemaFor(root));

        List<String> mismatches = ContractComparison.compare(Json.mapper(), root, schema, schema, Dialect.JSON_SCHEMA);

        assertThat(mismatches)
                .as("record %s vs its JSON Schema", root.getSimpleName())
                .isEmpty();
    }

    @Test
    void everyPropertyJacksonUsesIsInTheCrdSchemaAndNoOther() {
        JsonNode schema = Crd.openApiV3Schema();

        List<String> mismatches =
                ContractComparison.compare(Json.mapper(), HookTemplate.class, schema, schema, Dialect.CRD);

        assertThat(mismatches).isEmpty();
    }

    @Test
    void comparisonReportsAPropertyMissingFromTheSchema() throws IOException {
        JsonNode schema = schema(SchemaResources.RUN_REQUEST).deepCopy();
        ((ObjectNode) schema.at("/$defs/HookInfo/properties")).remove("timeout");

        List<String> mismatches =
                ContractComparison.compare(Json.mapper(), RunRequest.class, schema, schema, Dialect.JSON_SCHEMA);

        assertThat(mismatches)
                .singleElement()
                .asString()
                .startsWith("$.hooks[]: HookInfo")
                .contains("[timeout]");
    }

    @Test
    void comparisonReportsAnEnumValueMissingFromTheSchema() throws IOException {
        JsonNode schema = schema(SchemaResources.RUN_REQUEST).deepCopy();
        ((ArrayNode) schema.at("/$defs/Phase/enum")).remove(0);

        List<String> mismatches =
                ContractComparison.compare(Json.mapper(), RunRequest.class, schema, schema, Dialect.JSON_SCHEMA);

        assertThat(mismatches)
                .singleElement()
                .asString()
                .startsWith("$.phase: Phase serializes as")
                .contains("pre-backup");
    }

    @Test
    void definitionsSharedBySeveralSchemasAreIdentical() throws IOException {
        Map<String, JsonNode> first = new HashMap<>();
        Map<String, String> firstFile = new HashMap<>();
        List<String> differences = new ArrayList<>();
        int shared = 0;
        for (String name : SchemaResources.jsonSchemas()) {
            var defs = schema(name).path("$defs").fields();
            while (defs.hasNext()) {
                var def = defs.next();
                JsonNode earlier = first.putIfAbsent(def.getKey(), def.getValue());
                if (earlier == null) {
                    firstFile.put(def.getKey(), name);
                } else {
                    shared++;
                    if (!earlier.equals(def.getValue())) {
                        differences.add(
                                def.getKey() + " differs between " + firstFile.get(def.getKey()) + " and " + name);
                    }
                }
            }
        }

        assertThat(shared).as("definitions shared between schemas").isGreaterThan(10);
        assertThat(differences).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                SchemaResources.RUN_REQUEST,
                SchemaResources.HOOK_EVENT,
                SchemaResources.HOOK_RESULT,
                SchemaResources.RUN_OUTCOME,
                SchemaResources.CANCEL_REQUEST,
                SchemaResources.HOOK_TEMPLATE
            })
    void everySchemaIsValidDraft202012WithAnIdAndATitle(String name) throws IOException {
        JsonNode schema = schema(name);

        assertThat(SchemaValidation.metaSchemaErrors(name)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText())
                .startsWith("https://hookstream.io/schemas/")
                .endsWith(name.substring(name.lastIndexOf('/') + 1));
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                SchemaResources.RUN_REQUEST,
                SchemaResources.HOOK_EVENT,
                SchemaResources.HOOK_RESULT,
                SchemaResources.RUN_OUTCOME,
                SchemaResources.CANCEL_REQUEST,
                SchemaResources.HOOK_TEMPLATE
            })
    void everyPropertyHasADescription(String name) throws IOException {
        JsonNode schema = schema(name);
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, schema, "$", undocumented);
        schema.path("$defs")
                .fields()
                .forEachRemaining(
                        def -> collectUndocumented(schema, def.getValue(), "$defs." + def.getKey(), undocumented));

        assertThat(undocumented).isEmpty();
    }

    @Test
    void crdPropertiesAllHaveADescription() {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(null, Crd.openApiV3Schema().path("properties").path("spec"), "spec", undocumented);

        assertThat(undocumented).isEmpty();
    }

    private static void collectUndocumented(JsonNode document, JsonNode node, String path, List<String> out) {
        node.path("properties").fields().forEachRemaining(property -> {
            JsonNode value = property.getValue();
            String where = path + "." + property.getKey();
            if (!value.hasNonNull("description") && !resolve(document, value).hasNonNull("description")) {
                out.add(where);
            }
            collectUndocumented(document, value, where, out);
        });
        if (node.has("items")) {
            collectUndocumented(document, node.get("items"), path + "[]", out);
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return document != null && node.has("$ref")
                ? document.at(node.get("$ref").asText().substring(1))
                : node;
    }

    static JsonNode schema(String name) throws IOException {
        try (var in = SchemaResources.open(name)) {
            return Json.mapper().readTree(in);
        }
    }
}
