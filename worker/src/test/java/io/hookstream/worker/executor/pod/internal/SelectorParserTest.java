package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.worker.executor.pod.internal.Requirement.Operator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorParserTest {

    @Test
    void parsesEveryKubectlForm() throws InvalidSelectorException {
        Selector selector = SelectorParser.parse(" app=web, tier==front,env in (prod, staging),zone notin (a),"
                + "track!=canary, example.com/managed ,!legacy,replicas>2,age<10");

        assertThat(selector.requirements())
                .containsExactly(
                        new Requirement("app", Operator.IN, Set.of("web")),
                        new Requirement("tier", Operator.IN, Set.of("front")),
                        new Requirement("env", Operator.IN, Set.of("prod", "staging")),
                        new Requirement("zone", Operator.NOT_IN, Set.of("a")),
                        new Requirement("track", Operator.NOT_IN, Set.of("canary")),
                        new Requirement("example.com/managed", Operator.EXISTS, Set.of()),
                        new Requirement("legacy", Operator.DOES_NOT_EXIST, Set.of()),
                        new Requirement("replicas", Operator.GREATER_THAN, Set.of("2")),
                        new Requirement("age", Operator.LESS_THAN, Set.of("10")));
        assertThat(selector.equalities()).containsExactly(Map.entry("app", "web"), Map.entry("tier", "front"));
    }

    @Test
    void matchesWithKubernetesSemantics() throws InvalidSelectorException {
        Selector selector = SelectorParser.parse("env in (prod,staging),track!=canary,!legacy,replicas>2");

        assertThat(selector.matches(Map.of("env", "prod", "replicas", "3"))).isTrue();
        assertThat(selector.matches(Map.of("env", "prod", "track", "stable", "replicas", "5")))
                .isTrue();
        assertThat(selector.matches(Map.of("env", "dev", "replicas", "3"))).isFalse();
        assertThat(selector.matches(Map.of("env", "prod", "track", "canary", "replicas", "3")))
                .isFalse();
        assertThat(selector.matches(Map.of("env", "prod", "legacy", "", "replicas", "3")))
                .isFalse();
        assertThat(selector.matches(Map.of("env", "prod", "replicas", "two"))).isFalse();
        assertThat(selector.matches(Map.of("env", "prod"))).isFalse();
        assertThat(selector.matches(null)).isFalse();
    }

    @Test
    void anEmptyValueIsAllowedAfterEquals() throws InvalidSelectorException {
        assertThat(SelectorParser.parse("app=").matches(Map.of("app", ""))).isTrue();
    }

    @Test
    void emptyParenthesesMeanTheEmptyValueAsInKubernetes() throws InvalidSelectorException {
        assertThat(SelectorParser.parse("app in ()").requirements())
                .containsExactly(new Requirement("app", Operator.IN, Set.of("")));
    }

    @Test
    void contradictoryEqualitiesSelectNothingServerSide() throws InvalidSelectorException {
        assertThat(SelectorParser.parse("app=a,app=b").equalities()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "app in (web",
                "app in web",
                "app=web,",
                ",app",
                "app=we b",
                "app=-web",
                "app=web)",
                "replicas>two",
                "-app=x",
                "app notin",
                "app ~ web",
                "my/long/key=x",
                "Example.com/app=x",
                "app=" + "v123456789v123456789v123456789v123456789v123456789v123456789v1234"
            })
    void rejectsWhatKubectlRejectsNamingTheField(String text) {
        assertThatThrownBy(() -> SelectorParser.parse(text))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining("executor.pod.selector")
                .hasMessageContaining(text);
    }

    @Test
    void refusesAnEmptySelector() {
        assertThatThrownBy(() -> SelectorParser.parse("  "))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining("executor.pod.selector is empty");
    }
}
