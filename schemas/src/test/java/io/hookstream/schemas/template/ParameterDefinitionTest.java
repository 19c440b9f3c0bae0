package io.hookstream.schemas.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.Json;
import org.junit.jupiter.api.Test;

class ParameterDefinitionTest {

    @Test
    void absentRequiredStaysAbsentInJson() throws Exception {
        ParameterDefinition param = new ParameterDefinition("DB", null, null, null);

        String json = Json.mapper().writeValueAsString(param);

        assertThat(json).isEqualTo("{\"name\":\"DB\"}");
        assertThat(Json.mapper().readValue(json, ParameterDefinition.class)).isEqualTo(param);
        assertThat(param.isRequired()).isFalse();
    }

    @Test
    void defaultIsTheJsonNameOfDefaultValue() throws Exception {
        ParameterDefinition param = Json.mapper()
                .readValue("{\"name\":\"MODE\",\"required\":true,\"default\":\"safe\"}", ParameterDefinition.class);

        assertThat(param).isEqualTo(new ParameterDefinition("MODE", null, true, "safe"));
        assertThat(param.isRequired()).isTrue();
        assertThat(Json.mapper().writeValueAsString(param))
                .isEqualTo("{\"name\":\"MODE\",\"required\":true,\"default\":\"safe\"}");
    }
}
