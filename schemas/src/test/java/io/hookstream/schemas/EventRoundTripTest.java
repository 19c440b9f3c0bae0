package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A fully populated sample of every event (and of a HookTemplate) survives JSON and obeys its schema. */
class EventRoundTripTest {

    static List<Object> samples() {
        return Samples.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleSerializesValidatesAndDeserializesEqual(Object sample) throws IOException {
        String json = Json.mapper().writeValueAsString(sample);

        assertThat(SchemaValidation.errors(SchemaResources.jsonSchemaFor(sample.getClass()), json))
                .as("schema errors of %s", json)
                .isEmpty();
        assertThat(Json.mapper().readValue(json, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void aCancelledRunWithACancelledHookObeysTheOutcomeSchema() throws IOException {
        String json = Json.mapper().writeValueAsString(Samples.cancelledRunOutcome());

        assertThat(SchemaValidation.errors(SchemaResources.RUN_OUTCOME, json))
                .as("schema errors of %s", json)
                .isEmpty();
        assertThat(json).contains("\"status\":\"Cancelled\"").contains("\"cancellation\"");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleSetsEveryPropertyTheSchemaKnows(Object sample) throws IOException {
        JsonNode schema = ContractSchemaTest.schema(SchemaResources.jsonSchemaFor(sample.getClass()));
        Set<String> declared = new TreeSet<>();
        declaredPaths(schema, schema, "", declared);
        Set<String> present = new TreeSet<>();
        presentPaths(Json.mapper().valueToTree(sample), "", present);

        declared.removeAll(present);

        assertThat(declared).as("schema properties the sample leaves unset").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleReadFromYamlEqualsTheSample(Object sample) throws IOException {
        String yaml = Yaml.MAPPER.writeValueAsString(sample);

        assertThat(Yaml.MAPPER.readValue(yaml, sample.getClass())).isEqualTo(sample);
    }

    private static void declaredPaths(JsonNode document, JsonNode node, String path, Set<String> out) {
        JsonNode resolved =
                node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
        resolved.path("properties").fields().forEachRemaining(property -> {
            String where = path + "." + property.getKey();
            out.add(where);
            declaredPaths(document, property.getValue(), where, out);
        });
        if (resolved.has("items")) {
            declaredPaths(document, resolved.get("items"), path + "[]", out);
        }
    }

    private static void presentPaths(JsonNode node, String path, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String where = path + "." + field.getKey();
                out.add(where);
                presentPaths(field.getValue(), where, out);
            });
        } else if (node.isArray()) {
            node.forEach(item -> presentPaths(item, path + "[]", out));
        }
    }
}
