package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunRequest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhaseTest {

    @ParameterizedTest
    @CsvSource({
        "PRE_BACKUP, pre-backup",
        "POST_BACKUP, post-backup",
        "PRE_RESTORE, pre-restore",
        "POST_RESTORE, post-restore"
    })
    void usesWireNamesInJsonAndText(Phase phase, String wireName) throws Exception {
        assertThat(Json.mapper().writeValueAsString(phase)).isEqualTo('"' + wireName + '"');
        assertThat(Json.mapper().readValue('"' + wireName + '"', Phase.class)).isEqualTo(phase);
        assertThat(Phase.fromWireName(wireName)).isEqualTo(phase);
        assertThat(phase.wireName()).isEqualTo(wireName).isEqualTo(phase.toString());
    }

    @Test
    void onlyPostPhasesArePost() {
        assertThat(Arrays.stream(Phase.values()).filter(Phase::isPost))
                .containsExactly(Phase.POST_BACKUP, Phase.POST_RESTORE);
    }

    @Test
    void unknownWireNameListsTheValidOnes() {
        assertThatThrownBy(() -> Phase.fromWireName("PRE_BACKUP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown phase 'PRE_BACKUP': expected one of pre-backup, post-backup, pre-restore, "
                        + "post-restore");
    }

    @Test
    void unknownPhaseInJsonNamesTheField() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"phase\":\"backup\"}", RunRequest.class))
                .hasMessageContaining("unknown phase 'backup'")
                .hasMessageContaining("RunRequest[\"phase\"]");
    }
}
