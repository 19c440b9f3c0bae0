package io.hookstream.schemas.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {

    private static final Map<String, String> PROD = Map.of("env", "prod", "team", "dba");

    /** Each operator against a label that is present with a listed value, present with another, and absent. */
    @ParameterizedTest
    @CsvSource({
        "In,           env,     true",
        "In,           team,    false",
        "In,           missing, false",
        "NotIn,        env,     false",
        "NotIn,        team,    true",
        "NotIn,        missing, true",
        "Exists,       env,     true",
        "Exists,       missing, false",
        "DoesNotExist, env,     false",
        "DoesNotExist, missing, true"
    })
    void requirementMatchesAsKubernetesDoes(SelectorOperator operator, String key, boolean expected) {
        List<String> values = operator == SelectorOperator.In || operator == SelectorOperator.NotIn
                ? List.of("prod", "staging")
                : List.of();

        assertThat(new LabelSelectorRequirement(key, operator, values).matches(PROD))
                .isEqualTo(expected);
    }

    @Test
    void emptySelectorMatchesEverything() {
        LabelSelector selector = new LabelSelector(null, null);

        assertThat(selector.matches(PROD)).isTrue();
        assertThat(selector.matches(Map.of())).isTrue();
        assertThat(selector.matches(null)).isTrue();
    }

    @Test
    void matchLabelsNeedEveryLabelWithItsValue() {
        LabelSelector selector = new LabelSelector(Map.of("env", "prod", "team", "dba"), null);

        assertThat(selector.matches(PROD)).isTrue();
        assertThat(selector.matches(Map.of("env", "prod"))).isFalse();
        assertThat(selector.matches(Map.of("env", "prod", "team", "web"))).isFalse();
    }

    @Test
    void labelsAndExpressionsMustAllHold() {
        LabelSelector selector = new LabelSelector(
                Map.of("env", "prod"),
                List.of(
                        new LabelSelectorRequirement("team", SelectorOperator.Exists, null),
                        new LabelSelectorRequirement("frozen", SelectorOperator.DoesNotExist, null)));

        assertThat(selector.matches(PROD)).isTrue();
        assertThat(selector.matches(Map.of("env", "prod", "team", "dba", "frozen", "yes")))
                .isFalse();
        assertThat(selector.matches(Map.of("env", "dev", "team", "dba"))).isFalse();
    }

    @Test
    void namespaceNameLabelSelectsNamedNamespaces() {
        LabelSelector selector = new LabelSelector(
                null,
                List.of(new LabelSelectorRequirement(
                        NamespaceManifest.NAME_LABEL, SelectorOperator.In, List.of("prod", "staging"))));

        assertThat(selector.matches(NamespaceManifest.labelsOf("staging", Map.of())))
                .isTrue();
        assertThat(selector.matches(NamespaceManifest.labelsOf("dev", Map.of())))
                .isFalse();
    }
}
