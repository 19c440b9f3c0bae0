package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HookTemplate CRD: names, version, and a schema the API server accepts as structural. */
class CrdTest {

    @Test
    void definesNamespacedHookTemplatesOfKubeStashCore() {
        JsonNode crd = Crd.manifest();

        assertThat(crd.path("apiVersion").asText()).isEqualTo("apiextensions.k8s.io/v1");
        assertThat(crd.path("kind").asText()).isEqualTo("CustomResourceDefinition");
        assertThat(crd.at("/metadata/name").asText()).isEqualTo("hooktemplates.core.kubestash.com");
        assertThat(crd.at("/spec/group").asText()).isEqualTo("core.kubestash.com");
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("HookTemplate");
        assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("hooktemplates");
        assertThat(crd.at("/spec/names/singular").asText()).isEqualTo("hooktemplate");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/versions")).hasSize(1);
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
        assertThat(version.path("served").asBoolean()).isTrue();
        assertThat(version.path("storage").asBoolean()).isTrue();
    }

    @Test
    void schemaIsStructural() {
        List<String> violations = new ArrayList<>();

        checkStructural(Crd.openApiV3Schema(), "", violations);

        assertThat(violations).isEmpty();
        assertThat(Crd.openApiV3Schema().path("properties").path("metadata").toString())
                .isEqualTo("{\"type\":\"object\"}");
    }

    @Test
    void defaultsAndEnumsAreThoseOfKubeStash() {
        JsonNode spec = Crd.openApiV3Schema().at("/properties/spec/properties");
        JsonNode from = spec.at("/usagePolicy/properties/allowedNamespaces/properties/from");
        JsonNode strategy = spec.at("/executor/properties/pod/properties/strategy");

        assertThat(from.path("default").asText()).isEqualTo("Same");
        assertThat(strategy.path("default").asText()).isEqualTo("ExecuteOnOne");
        assertThat(spec.at("/executor/required").toString()).isEqualTo("[\"type\"]");
        assertThat(spec.at("/executor/properties/function/properties/env/items/properties/valueFrom")
                        .path("x-kubernetes-preserve-unknown-fields")
                        .asBoolean())
                .isTrue();
        assertThat(spec.at("/executor/properties/function/properties/volumes/items")
                        .path("x-kubernetes-preserve-unknown-fields")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void crdAndJsonSchemaDescribeTheSameSpec() throws Exception {
        JsonNode jsonSchema = ContractSchemaTest.schema(SchemaResources.HOOK_TEMPLATE);
        String template = SchemaValidation.toJson(Samples.hookTemplate());

        assertThat(SchemaValidation.crdErrors(template)).isEmpty();
        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, template))
                .isEmpty();
        assertThat(jsonSchema
                        .at("/$defs/AllowedNamespaces/properties/from/default")
                        .asText())
                .isEqualTo("Same");
    }

    /**
     * The rules of Kubernetes structural schemas that a text check can see: every node has a type (or is
     * int-or-string or preserves unknown fields), no $ref, no properties beside additionalProperties, no
     * additionalProperties: false, and only the int-or-string form of anyOf.
     */
    private static void checkStructural(JsonNode node, String path, List<String> violations) {
        boolean intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (!node.has("type") && !intOrString && !preserve) {
            violations.add(path + ": no type");
        }
        if (intOrString
                && (node.has("type")
                        || !node.path("anyOf").toString().equals("[{\"type\":\"integer\"},{\"type\":\"string\"}]"))) {
            violations.add(path + ": int-or-string must have no type and anyOf [integer, string]");
        }
        if (!intOrString && (node.has("anyOf") || node.has("oneOf") || node.has("allOf") || node.has("not"))) {
            violations.add(path + ": logical junctors are not structural here");
        }
        for (String forbidden : List.of("$ref", "$defs", "definitions", "nullable")) {
            if (node.has(forbidden)) {
                violations.add(path + ": " + forbidden + " is not allowed");
            }
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            violations.add(path + ": properties and additionalProperties together");
        }
        if (node.has("additionalProperties")
                && !node.get("additionalProperties").isObject()) {
            violations.add(path + ": additionalProperties must be a schema");
        }
        if (node.has("default") && node.has("enum")) {
            boolean listed = false;
            for (JsonNode value : node.get("enum")) {
                listed |= value.equals(node.get("default"));
            }
            if (!listed) {
                violations.add(path + ": default is not one of enum");
            }
        }
        node.path("properties")
                .fields()
                .forEachRemaining(
                        property -> checkStructural(property.getValue(), path + "." + property.getKey(), violations));
        if (node.has("items")) {
            checkStructural(node.get("items"), path + "[]", violations);
        }
        if (node.path("additionalProperties").isObject()) {
            checkStructural(node.get("additionalProperties"), path + ".*", violations);
        }
    }
}
