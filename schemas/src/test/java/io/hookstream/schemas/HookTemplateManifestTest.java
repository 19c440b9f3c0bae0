package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.template.EnvVar;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.FunctionHookExecutorSpec;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.HookTemplateSpec;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.ObjectMeta;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import io.hookstream.schemas.template.SelectorOperator;
import io.hookstream.schemas.template.Volume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HookTemplate manifests, as KubeStash users write them and as the API server returns them. */
class HookTemplateManifestTest {

    private static final String SEED = "seed-sample-hooktemplate.yaml";
    private static final String SERVER_WRITTEN = "server-written-hooktemplate.yaml";

    @Test
    void seedSampleLoadsUnchanged() {
        HookTemplate template = Yaml.testResource(SEED, HookTemplate.class);

        assertThat(template.apiVersion()).isEqualTo("core.kubestash.com/v1alpha1");
        assertThat(template.kind()).isEqualTo("HookTemplate");
        assertThat(template.metadata()).isEqualTo(ObjectMeta.of("sample-hook", "demo"));
        HookTemplateSpec spec = template.spec();
        assertThat(spec.usagePolicy().allowedNamespaces().from()).isEqualTo(FromNamespaces.All);
        assertThat(spec.usagePolicy().allowedNamespaces().selector()).isNull();
        assertThat(spec.params()).containsExactly(new ParameterDefinition("TEST", "This is a test param", false, null));
        assertThat(spec.action().exec())
                .isEqualTo(new ExecAction(List.of("/bin/sh", "-c", "echo data_test > /source/data/data.txt")));
        assertThat(spec.action().httpGet()).isNull();
        assertThat(spec.action().httpPost()).isNull();
        assertThat(spec.action().tcpSocket()).isNull();
        assertThat(spec.action().containerName()).isNull();
        assertThat(spec.executor().type()).isEqualTo(ExecutorType.Pod);
        assertThat(spec.executor().function()).isNull();
        assertThat(spec.executor().pod().selector()).isEqualTo("name=test-app, test=hook");
        assertThat(spec.executor().pod().owner()).isNull();
        assertThat(spec.executor().pod().strategy()).isNull();
        assertThat(spec.executor().pod().effectiveStrategy()).isEqualTo(PodHookExecutorStrategy.ExecuteOnOne);
    }

    @Test
    void seedSampleWritesBackAsItWasRead() {
        JsonNode manifest = Yaml.testResource(SEED);

        JsonNode written = Json.mapper().valueToTree(Yaml.testResource(SEED, HookTemplate.class));

        assertThat(written).isEqualTo(manifest);
    }

    @Test
    void seedSampleObeysTheJsonSchemaAndTheCrd() {
        String json = SchemaValidation.toJson(Yaml.testResource(SEED));

        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, json)).isEmpty();
        assertThat(SchemaValidation.crdErrors(json)).isEmpty();
    }

    @Test
    void serverWrittenManifestLoadsIgnoringServerMetadata() {
        HookTemplate template = Yaml.testResource(SERVER_WRITTEN, HookTemplate.class);

        assertThat(template.name()).isEqualTo("postgres-quiesce");
        assertThat(template.namespace()).isEqualTo("stash");
        assertThat(template.metadata().labels()).containsExactly(Map.entry("app.kubernetes.io/name", "postgres"));
        assertThat(template.metadata().annotations())
                .containsOnlyKeys("kubectl.kubernetes.io/last-applied-configuration");
        var allowed = template.spec().usagePolicy().allowedNamespaces();
        assertThat(allowed.from()).isEqualTo(FromNamespaces.Selector);
        assertThat(allowed.selector().matchExpressions())
                .extracting(r -> r.operator())
                .containsExactly(SelectorOperator.In, SelectorOperator.DoesNotExist);
        assertThat(template.spec().params())
                .extracting(ParameterDefinition::defaultValue)
                .containsExactly(null, "safe");
        assertThat(template.spec().action().httpGet().port()).isEqualTo(IntOrString.parse("metrics"));
        assertThat(template.spec().action().httpPost().port()).isEqualTo(IntOrString.of(443));
        assertThat(template.spec().action().httpPost().form().get(0).values()).containsExactly("#backups", "#dba");
        FunctionHookExecutorSpec function = template.spec().executor().function();
        assertThat(function.env()).extracting(EnvVar::name).containsExactly("PGUSER", "PGPASSWORD", "POD_NAME");
        assertThat(function.env().get(1).valueFrom().at("/secretKeyRef/key").asText())
                .isEqualTo("password");
        assertThat(function.volumes()).extracting(Volume::name).containsExactly("scratch", "config", "data");
        assertThat(function.volumes()
                        .get(1)
                        .source()
                        .get("configMap")
                        .at("/items/0/path")
                        .asText())
                .isEqualTo("hook.conf");
        assertThat(template.spec().executor().pod().owner().controller()).isTrue();
    }

    @Test
    void serverWrittenManifestObeysTheJsonSchemaAndTheCrd() {
        String json = SchemaValidation.toJson(Yaml.testResource(SERVER_WRITTEN));

        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, json)).isEmpty();
        assertThat(SchemaValidation.crdErrors(json)).isEmpty();
    }

    @Test
    void serverWrittenManifestKeepsEverySpecValueThroughARoundTrip() {
        JsonNode manifest = Yaml.testResource(SERVER_WRITTEN);

        JsonNode written = Json.mapper().valueToTree(Yaml.testResource(SERVER_WRITTEN, HookTemplate.class));

        assertThat(written.get("spec")).isEqualTo(manifest.get("spec"));
    }

    @Test
    void unknownSpecFieldIsRefusedByJacksonAndBySchemaNamingTheField() {
        ObjectNode manifest = (ObjectNode) Yaml.testResource(SEED);
        ((ObjectNode) manifest.get("spec")).put("timeout", "30s");
        String json = SchemaValidation.toJson(manifest);

        assertThatThrownBy(() -> Yaml.MAPPER.readValue(json, HookTemplate.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"timeout\"")
                .hasMessageContaining("HookTemplate[\"spec\"]");
        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, json))
                .singleElement()
                .asString()
                .contains("/spec")
                .contains("timeout");
    }

    @Test
    void statusIsIgnoredButOtherTopLevelFieldsAreRefused() throws Exception {
        ObjectNode manifest = (ObjectNode) Yaml.testResource(SEED);
        manifest.putObject("status").put("phase", "Ready");

        assertThat(Yaml.MAPPER.treeToValue(manifest, HookTemplate.class))
                .isEqualTo(Yaml.testResource(SEED, HookTemplate.class));

        manifest.remove("status");
        manifest.put("extra", 1);
        assertThatThrownBy(() -> Yaml.MAPPER.treeToValue(manifest, HookTemplate.class))
                .hasMessageContaining("\"extra\"");
    }

    @Test
    void executorWithoutTypeIsRefusedByTheSchemaAndTheCrd() {
        ObjectNode manifest = (ObjectNode) Yaml.testResource(SEED);
        ((ObjectNode) manifest.at("/spec/executor")).remove("type");
        String json = SchemaValidation.toJson(manifest);

        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, json))
                .singleElement()
                .asString()
                .contains("type");
        assertThat(SchemaValidation.crdErrors(json)).singleElement().asString().contains("type");
    }

    @Test
    void podWaitTimeoutIsAGoDurationForTheSchemaAndTheCrd() {
        ObjectNode manifest = (ObjectNode) Yaml.testResource(SEED);
        ObjectNode pod = (ObjectNode) manifest.at("/spec/executor/pod");
        pod.put("waitTimeout", "2m30s");
        String valid = SchemaValidation.toJson(manifest);
        pod.put("waitTimeout", "2 minutes");
        String invalid = SchemaValidation.toJson(manifest);

        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, valid))
                .isEmpty();
        assertThat(SchemaValidation.crdErrors(valid)).isEmpty();
        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, invalid))
                .singleElement()
                .asString()
                .contains("waitTimeout");
        assertThat(SchemaValidation.crdErrors(invalid))
                .singleElement()
                .asString()
                .contains("waitTimeout");
    }

    @Test
    void unknownEnumValueIsRefusedByJacksonNamingTheField() {
        ObjectNode manifest = (ObjectNode) Yaml.testResource(SEED);
        ((ObjectNode) manifest.at("/spec/usagePolicy/allowedNamespaces")).put("from", "Everywhere");
        String json = SchemaValidation.toJson(manifest);

        assertThatThrownBy(() -> Yaml.MAPPER.readValue(json, HookTemplate.class))
                .hasMessageContaining("Everywhere")
                .hasMessageContaining("AllowedNamespaces[\"from\"]");
        assertThat(SchemaValidation.errors(SchemaResources.HOOK_TEMPLATE, json)).isNotEmpty();
        assertThat(SchemaValidation.crdErrors(json)).isNotEmpty();
    }
}
