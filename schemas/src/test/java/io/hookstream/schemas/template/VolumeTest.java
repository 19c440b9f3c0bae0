package io.hookstream.schemas.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeTest {

    private static final String PVC =
            "{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"pg\",\"readOnly\":true}}";

    @Test
    void keepsItsSourceThroughJson() throws Exception {
        Volume volume = Json.mapper().readValue(PVC, Volume.class);

        assertThat(volume.name()).isEqualTo("data");
        assertThat(volume.source()).containsOnlyKeys("persistentVolumeClaim");
        assertThat(volume.source().get("persistentVolumeClaim").get("claimName").asText())
                .isEqualTo("pg");
        assertThat(Json.mapper().readTree(Json.mapper().writeValueAsString(volume)))
                .isEqualTo(Json.mapper().readTree(PVC));
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(volume), Volume.class))
                .isEqualTo(volume)
                .hasSameHashCodeAs(volume);
    }

    @Test
    void sourceCannotBeChangedFromOutside() throws Exception {
        Volume volume = Json.mapper().readValue(PVC, Volume.class);

        assertThatThrownBy(() -> volume.source().clear()).isInstanceOf(UnsupportedOperationException.class);
        ((ObjectNode) volume.source().get("persistentVolumeClaim")).put("claimName", "other");

        assertThat(volume.source().get("persistentVolumeClaim").get("claimName").asText())
                .isEqualTo("pg");
    }

    @Test
    void nullSourceValueIsKeptAsJsonNull() throws Exception {
        Volume volume = Json.mapper().readValue("{\"name\":\"tmp\",\"emptyDir\":null}", Volume.class);

        assertThat(volume.source()).containsOnlyKeys("emptyDir");
        assertThat(volume.source().get("emptyDir").isNull()).isTrue();
    }

    @Test
    void volumesWithDifferentSourcesDiffer() throws Exception {
        JsonNode claim = Json.mapper().readTree("{\"claimName\":\"pg\"}");

        assertThat(new Volume("data", Map.of("persistentVolumeClaim", claim)))
                .isNotEqualTo(new Volume("data", Map.of("configMap", claim)))
                .isNotEqualTo(new Volume("data"));
    }
}
