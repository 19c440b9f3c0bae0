package io.hookstream.worker.executor.pod.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.Mutator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, mutated and very long {@code executor.pod.selector} texts: each parses or is refused with an
 * {@link InvalidSelectorException} naming the field and the character position, never another exception and
 * never slowly; a selector written by the grammar's rules always parses. More cases:
 * {@code -Dhookstream.fuzz.cases=100000 -Dhookstream.fuzz.seed=N} (docs/fuzzing.md).
 */
class SelectorParserFuzzTest {

    private static final List<String> KEYS = List.of(
            "app",
            "tier",
            "env",
            "example.com/app",
            "a.b-c_d",
            "kubernetes.io/metadata.name",
            "x1",
            "A".repeat(63),
            "a-b.example.org/z_9");
    private static final List<String> VALUES =
            List.of("web", "", "prod", "v1.2-3_x", "7", "3-a", "9".repeat(18), "Z".repeat(63));
    private static final List<String> TOKENS = List.of(
            "app",
            "=",
            "==",
            "!=",
            " in ",
            " notin ",
            "(",
            ")",
            ",",
            "!",
            ">",
            "<",
            " ",
            "web",
            "example.com/",
            "/",
            ".",
            "-",
            "_",
            "1",
            "\u00e9",
            "\uff41",
            "\u0663",
            "\t",
            "in",
            "notin",
            "((",
            "))",
            ",,",
            "A".repeat(64),
            "a".repeat(254) + "/");

    private record Input(String text, boolean wellFormed) {}

    @Test
    void everySelectorParsesOrIsRefusedNamingThePosition() {
        Map<String, Integer> seen = Fuzz.<Input>target("pod-selector-parser")
                .cases(3000)
                .deadline(Duration.ofSeconds(5))
                .describe(input -> Mutator.show(input.text()) + (input.wellFormed() ? " (well-formed)" : ""))
                .reproduceWith("-pl worker test -Dtest=SelectorParserFuzzTest")
                .run(SelectorParserFuzzTest::generate, SelectorParserFuzzTest::check);

        assertThat(seen.getOrDefault("parsed", 0)).as("selectors that parsed").isGreaterThan(500);
        assertThat(seen.getOrDefault("refused", 0)).as("selectors refused").isGreaterThan(500);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> new Input(wellFormed(mutator, 1 + random.nextInt(6)), true);
            case 3, 4, 5, 6 ->
                new Input(mutator.mutateText(wellFormed(mutator, 1 + random.nextInt(4)), TOKENS, 4), false);
            case 7, 8 -> new Input(mutator.randomTokens(TOKENS, 20), false);
            default ->
                new Input(
                        random.nextBoolean()
                                ? wellFormed(mutator, 500 + random.nextInt(2000))
                                : mutator.interestingString(200_000),
                        false);
        };
    }

    /** A selector kubectl accepts, built from the grammar. */
    private static String wellFormed(Mutator mutator, int requirements) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < requirements; i++) {
            if (i > 0) {
                out.append(mutator.chance(0.3) ? " , " : ",");
            }
            String key = mutator.pick(KEYS);
            String value = mutator.pick(VALUES);
            switch (mutator.random().nextInt(7)) {
                case 0 ->
                    out.append(key)
                            .append(mutator.pick(List.of("=", "==", "!=")))
                            .append(value);
                case 1 ->
                    out.append(key)
                            .append(mutator.chance(0.5) ? " in (" : " notin (")
                            .append(value)
                            .append(',')
                            .append(mutator.pick(VALUES))
                            .append(')');
                case 2 -> out.append(key);
                case 3 -> out.append('!').append(key);
                case 4 ->
                    out.append(key)
                            .append(mutator.chance(0.5) ? '>' : '<')
                            .append(mutator.random().nextInt(2000)); // as kubectl: no sign
                default ->
                    out.append(' ').append(key).append(" = ").append(value).append(' ');
            }
        }
        return out.toString();
    }

    private static String check(Input input) {
        Selector selector;
        try {
            selector = SelectorParser.parse(input.text());
        } catch (InvalidSelectorException e) {
            assertThat(input.wellFormed())
                    .as("a well-formed selector was refused: %s", e.getMessage())
                    .isFalse();
            assertThat(e.getMessage()).contains("executor.pod.selector").containsAnyOf("at character ", "is empty");
            return "refused";
        }
        assertThat(selector.requirements()).isNotEmpty();
        Map<String, String> labels = new HashMap<>();
        labels.put("app", "web");
        labels.put("env", "7");
        labels.put("tier", "prod");
        selector.matches(labels);
        selector.equalities();
        return "parsed";
    }
}
