package io.hookstream.templates.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ParameterDefinition;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ParamResolverTest {

    private static final List<ParameterDefinition> DECLARED = List.of(
            new ParameterDefinition("DB_NAME", "the database", true, null),
            new ParameterDefinition("TIMEOUT", null, false, "30"),
            new ParameterDefinition("EXTRA", null, null, null));

    private static Map<String, Object> json(String text) throws Exception {
        return Json.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    @Test
    void givenValuesWinOverDefaultsAndAbsentOptionalParamsGetTheirDefaultOrEmpty() {
        ParamResolver.Resolution resolution = ParamResolver.resolve(DECLARED, Map.of("DB_NAME", "orders"), "");

        assertThat(resolution.problems()).isEmpty();
        assertThat(resolution.ok()).isTrue();
        assertThat(resolution.values())
                .containsExactly(entry("DB_NAME", "orders"), entry("TIMEOUT", "30"), entry("EXTRA", ""));
        assertThat(ParamResolver.resolve(DECLARED, Map.of("DB_NAME", "x", "TIMEOUT", "5"), "")
                        .values())
                .containsEntry("TIMEOUT", "5");
    }

    @Test
    void requiredParamNotGivenIsMissingEvenWithADefault() {
        List<ParameterDefinition> declared = List.of(
                new ParameterDefinition("DB_NAME", "the database", true, null),
                new ParameterDefinition("MODE", null, true, "fast"));

        ParamResolver.Resolution resolution = ParamResolver.resolve(declared, Map.of(), "hooks[0].");

        assertThat(resolution.problems())
                .extracting(Problem::field, Problem::reason)
                .containsExactly(
                        Tuple.tuple("hooks[0].params.DB_NAME", Reasons.MISSING_PARAM),
                        Tuple.tuple("hooks[0].params.MODE", Reasons.MISSING_PARAM));
        assertThat(resolution.problems().get(0).message()).contains("the database");
        assertThat(ParamResolver.resolve(declared, mapWithNull("DB_NAME"), "").problems())
                .hasSize(2);
    }

    @Test
    void undeclaredGivenParamIsUnknown() {
        ParamResolver.Resolution resolution =
                ParamResolver.resolve(DECLARED, Map.of("DB_NAME", "x", "DB_NAEM", "typo"), "hooks[1].");

        assertThat(resolution.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("hooks[1].params.DB_NAEM");
            assertThat(problem.reason()).isEqualTo(Reasons.UNKNOWN_PARAM);
            assertThat(problem.message()).contains("DB_NAME, EXTRA, TIMEOUT");
        });
        assertThat(resolution.values()).doesNotContainKey("DB_NAEM");
        assertThat(ParamResolver.resolve(List.of(), Map.of("A", "1"), null).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("params.A"));
    }

    @Test
    void numbersAndBooleansBecomeTheirJsonText() throws Exception {
        List<ParameterDefinition> declared = List.of(
                new ParameterDefinition("A", null, true, null),
                new ParameterDefinition("B", null, true, null),
                new ParameterDefinition("C", null, true, null),
                new ParameterDefinition("D", null, true, null),
                new ParameterDefinition("E", null, true, null));

        ParamResolver.Resolution fromJson = ParamResolver.resolve(
                declared, json("{\"A\": 5, \"B\": 2.5, \"C\": true, \"D\": 12345678901234, \"E\": \"text\"}"), "");
        ParamResolver.Resolution fromJava = ParamResolver.resolve(
                declared, Map.of("A", 5, "B", new BigDecimal("2.50"), "C", false, "D", 7L, "E", "x"), "");

        assertThat(fromJson.problems()).isEmpty();
        assertThat(fromJson.values())
                .containsExactly(
                        entry("A", "5"),
                        entry("B", "2.5"),
                        entry("C", "true"),
                        entry("D", "12345678901234"),
                        entry("E", "text"));
        assertThat(fromJava.values())
                .containsEntry("B", "2.50")
                .containsEntry("C", "false")
                .containsEntry("D", "7");
    }

    @Test
    void objectsAndListsAreRefused() throws Exception {
        List<ParameterDefinition> declared = List.of(
                new ParameterDefinition("OBJ", null, false, "d"), new ParameterDefinition("LIST", null, false, null));

        ParamResolver.Resolution resolution =
                ParamResolver.resolve(declared, json("{\"OBJ\": {\"a\": 1}, \"LIST\": [1, 2]}"), "hooks[2].");

        assertThat(resolution.problems())
                .extracting(Problem::field)
                .containsExactly("hooks[2].params.OBJ", "hooks[2].params.LIST");
        assertThat(resolution.problems()).allSatisfy(p -> {
            assertThat(p.reason()).isEqualTo(Reasons.INVALID_REQUEST);
            assertThat(p.message()).startsWith("must be a string, number or boolean");
        });
    }

    @Test
    void jsonNodeValuesAreAccepted() {
        List<ParameterDefinition> declared = List.of(
                new ParameterDefinition("A", null, false, null),
                new ParameterDefinition("B", null, false, null),
                new ParameterDefinition("C", null, false, null));
        Map<String, Object> given = Map.of(
                "A",
                Json.mapper().valueToTree("s"),
                "B",
                Json.mapper().valueToTree(3),
                "C",
                Json.mapper().createObjectNode());

        ParamResolver.Resolution resolution = ParamResolver.resolve(declared, given, "");

        assertThat(resolution.values()).containsEntry("A", "s").containsEntry("B", "3");
        assertThat(resolution.problems()).extracting(Problem::field).containsExactly("params.C");
    }

    @Test
    void resolutionIsImmutable() {
        ParamResolver.Resolution resolution = ParamResolver.resolve(DECLARED, null, null);

        assertThat(resolution.values()).isUnmodifiable();
        assertThat(resolution.problems()).isUnmodifiable();
    }

    private static Map<String, Object> mapWithNull(String key) {
        Map<String, Object> map = new HashMap<>();
        map.put(key, null);
        return map;
    }
}
