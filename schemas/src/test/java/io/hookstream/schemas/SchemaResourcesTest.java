package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.template.HookTemplate;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class SchemaResourcesTest {

    @Test
    void everyResourceOpens() throws Exception {
        for (String name : SchemaResources.jsonSchemas()) {
            try (InputStream in = SchemaResources.open(name)) {
                assertThat(Json.mapper().readTree(in).path("$id").asText())
                        .endsWith(name.substring(SchemaResources.JSON_SCHEMA_DIR.length()));
            }
        }
        assertThat(SchemaResources.read(SchemaResources.HOOK_TEMPLATE_CRD))
                .contains("name: hooktemplates.core.kubestash.com");
    }

    @Test
    void eachEventHasItsSchema() {
        assertThat(SchemaResources.jsonSchemaFor(RunRequest.class)).isEqualTo(SchemaResources.RUN_REQUEST);
        assertThat(SchemaResources.jsonSchemaFor(HookEvent.class)).isEqualTo(SchemaResources.HOOK_EVENT);
        assertThat(SchemaResources.jsonSchemaFor(HookResult.class)).isEqualTo(SchemaResources.HOOK_RESULT);
        assertThat(SchemaResources.jsonSchemaFor(RunOutcome.class)).isEqualTo(SchemaResources.RUN_OUTCOME);
        assertThat(SchemaResources.jsonSchemaFor(HookTemplate.class)).isEqualTo(SchemaResources.HOOK_TEMPLATE);
        assertThat(SchemaResources.jsonSchemas()).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void otherTypesHaveNoSchema() {
        assertThatThrownBy(() -> SchemaResources.jsonSchemaFor(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("RunRequest");
    }

    @Test
    void missingResourceSaysWhichExist() {
        assertThatThrownBy(() -> SchemaResources.open("io/hookstream/schemas/json/nope.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.json")
                .hasMessageContaining(SchemaResources.RUN_REQUEST);
    }
}
