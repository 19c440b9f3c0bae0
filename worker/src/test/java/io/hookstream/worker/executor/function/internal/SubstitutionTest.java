package io.hookstream.worker.executor.function.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubstitutionTest {

    private static final Map<String, String> INPUTS = inputs();

    private static Map<String, String> inputs() {
        Map<String, String> inputs = new HashMap<>();
        inputs.put("namespace", "demo");
        inputs.put("empty", "");
        return inputs;
    }

    @Test
    void colonEqualsGivesTheValueOrTheDefaultWhenUnsetOrEmpty() {
        assertThat(Substitution.apply("--namespace=${namespace:=default}", INPUTS))
                .isEqualTo("--namespace=demo");
        assertThat(Substitution.apply("--wait=${waitTimeout:=300}", INPUTS)).isEqualTo("--wait=300");
        assertThat(Substitution.apply("--x=${empty:=fallback}", INPUTS)).isEqualTo("--x=fallback");
        assertThat(Substitution.apply("--x=${empty:-fallback}", INPUTS)).isEqualTo("--x=fallback");
    }

    @Test
    void plainEqualsUsesTheDefaultOnlyWhenUnset() {
        assertThat(Substitution.apply("${empty=fallback}|${missing=fallback}|${missing-d}", INPUTS))
                .isEqualTo("|fallback|d");
    }

    @Test
    void anUnsetReferenceWithoutDefaultIsEmptyAndAnEmptyDefaultStaysEmpty() {
        assertThat(Substitution.apply("--backupsession=${backupSession:=}", INPUTS))
                .isEqualTo("--backupsession=");
        assertThat(Substitution.apply("a${missing}b", INPUTS)).isEqualTo("ab");
    }

    @Test
    void valuesAreInsertedLiterallyAndKubernetesReferencesAreLeftAlone() {
        Map<String, String> inputs = Map.of("p", "$1 \\ ${namespace} ; rm -rf /");

        assertThat(Substitution.apply("${p} $(POD_NAME) $notAReference", inputs))
                .isEqualTo("$1 \\ ${namespace} ; rm -rf / $(POD_NAME) $notAReference");
    }
}
