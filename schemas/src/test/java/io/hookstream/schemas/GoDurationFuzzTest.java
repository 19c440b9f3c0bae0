package io.hookstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.Mutator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, mutated and huge duration strings: {@link GoDuration#parse} returns a duration or throws an
 * {@link IllegalArgumentException} quoting the text, never another exception and never slowly (timeouts and
 * {@code ?wait=} come from requests). A well-formed duration parses, and its {@link GoDuration#format} reads back
 * as the same duration.
 */
class GoDurationFuzzTest {

    private static final List<String> UNITS = List.of("ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h");
    private static final List<String> TOKENS = List.of(
            "1", "0", "9", ".", "-", "+", " ", "s", "m", "h", "ms", "ns", "us", "\u00b5", "d", "e", "E", "1e9", "0x10",
            "_", "\uff11", "\u0663", "\u221e", "NaN", "1.", ".5", "\u00a0", "\t");

    private record Input(String text, boolean wellFormed) {}

    @Test
    void everyDurationParsesOrIsRefusedQuotingTheText() {
        Map<String, Integer> seen = Fuzz.<Input>target("go-duration")
                .cases(5000)
                .deadline(Duration.ofSeconds(5))
                .describe(input -> Mutator.show(input.text()) + (input.wellFormed() ? " (well-formed)" : ""))
                .reproduceWith("-pl schemas test -Dtest=GoDurationFuzzTest")
                .run(GoDurationFuzzTest::generate, GoDurationFuzzTest::check);

        assertThat(seen.getOrDefault("parsed", 0)).as("durations parsed").isGreaterThan(1000);
        assertThat(seen.getOrDefault("refused", 0)).as("durations refused").isGreaterThan(1000);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> new Input(wellFormed(mutator), true);
            case 3, 4, 5 -> new Input(mutator.mutateText(wellFormed(mutator), TOKENS, 3), false);
            case 6 -> new Input(mutator.randomTokens(TOKENS, 12), false);
            case 7 -> new Input(mutator.interestingString(10_000), false);
            default -> new Input(huge(mutator), false);
        };
    }

    /** A duration Go's time.ParseDuration accepts, small enough not to overflow. */
    private static String wellFormed(Mutator mutator) {
        if (mutator.chance(0.05)) {
            return mutator.pick(List.of("0", "-0", "+0"));
        }
        StringBuilder out = new StringBuilder(mutator.pick(List.of("", "", "", "-", "+")));
        for (int parts = 1 + mutator.random().nextInt(4); parts > 0; parts--) {
            int whole = mutator.random().nextInt(10_000);
            out.append(
                    switch (mutator.random().nextInt(4)) {
                        case 0 -> whole + "." + mutator.random().nextInt(1000);
                        case 1 -> "." + (1 + mutator.random().nextInt(999));
                        case 2 -> whole + ".";
                        default -> String.valueOf(whole);
                    });
            out.append(mutator.pick(UNITS));
        }
        return out.toString();
    }

    /** Long digit runs, with and without a unit, and overflowing values. */
    private static String huge(Mutator mutator) {
        int length = 1 + mutator.random().nextInt(200_000);
        String digits = "9".repeat(length);
        return switch (mutator.random().nextInt(6)) {
            case 0 -> digits;
            case 1 -> digits + "h";
            case 2 -> "0." + "0".repeat(length) + "1s";
            case 3 -> "1s".repeat(Math.max(1, length / 2));
            case 4 -> "2562047h47m16.854775808s";
            default -> digits + "." + digits;
        };
    }

    private static String check(Input input) {
        Duration parsed;
        try {
            parsed = GoDuration.parse(input.text());
        } catch (IllegalArgumentException e) {
            assertThat(input.wellFormed())
                    .as("a well-formed duration was refused: %s", e.getMessage())
                    .isFalse();
            assertThat(e.getMessage()).isNotBlank();
            if (input.text().isBlank()) {
                assertThat(e.getMessage()).startsWith("empty duration");
            } else if (input.text().length() > GoDuration.MAX_LENGTH) {
                assertThat(e.getMessage())
                        .contains("'" + input.text().substring(0, 40))
                        .contains("too long");
            } else {
                assertThat(e.getMessage()).contains("'" + input.text() + "'");
            }
            return "refused";
        }
        assertThat(parsed).isNotNull();
        assertThat(GoDuration.parse(GoDuration.format(parsed)))
                .as("format then parse")
                .isEqualTo(parsed);
        return "parsed";
    }
}
