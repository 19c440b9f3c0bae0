package io.hookstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.Mutator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated settings (flags and environment) read as durations, bounded durations, integers and paths,
 * and random command lines: the reader never throws while reading; {@link ConfigReader#validate()} throws only a
 * {@link ConfigException} whose every problem names the setting (flag and variable) and quotes the value.
 */
class ConfigReaderFuzzTest {

    private static final List<String> TOKENS = List.of(
            "1",
            "0",
            "30",
            "s",
            "m",
            "h",
            "ms",
            ".",
            "-",
            "+",
            " ",
            "1h30m",
            "5m",
            "250ms",
            "2147483648",
            "\u0000",
            "/",
            "..",
            "--",
            "=",
            "true",
            "\u00b5s");
    private static final Duration DEFAULT = Duration.ofSeconds(7);
    private static final Duration MAX = Duration.ofMinutes(5);

    private record Input(Map<String, String> env, Map<String, String> flags, String[] args) {
        @Override
        public String toString() {
            return "env=" + show(env) + " flags=" + show(flags) + " args=" + show(List.of(args));
        }

        private static String show(Object value) {
            return Mutator.show(String.valueOf(value));
        }
    }

    @Test
    void everySettingIsReadOrReportedNamingTheSetting() {
        Map<String, Integer> seen = Fuzz.<Input>target("config-reader")
                .cases(3000)
                .deadline(Duration.ofSeconds(5))
                .reproduceWith("-pl kafka-common test -Dtest=ConfigReaderFuzzTest")
                .run(ConfigReaderFuzzTest::generate, ConfigReaderFuzzTest::check);

        assertThat(seen.getOrDefault("valid", 0))
                .as("configurations without problems")
                .isGreaterThan(100);
        assertThat(seen.getOrDefault("problems", 0))
                .as("configurations with problems")
                .isGreaterThan(100);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (String name : List.of("timeout", "wait", "count", "file")) {
            String value = switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> mutator.pick(List.of("30s", "1h30m", "0", "250ms", "12", "/tmp/x"));
                case 2 -> mutator.mutateText(mutator.pick(List.of("30s", "5m", "100", "/tmp/x")), TOKENS, 3);
                case 3 -> mutator.randomTokens(TOKENS, 8);
                default -> mutator.interestingString(2000);
            };
            if (value != null) {
                (random.nextBoolean() ? flags : env).put(random.nextBoolean() ? name : name + "x", value);
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        env.forEach((name, value) -> environment.put(ConfigReader.envName(name), value));
        if (random.nextInt(4) == 0) {
            environment.put(
                    ConfigReader.KAFKA_ENV_PREFIX + mutator.mutateText("SECURITY_PROTOCOL", TOKENS, 2),
                    mutator.interestingString(100));
        }
        List<String> args = new ArrayList<>();
        for (int n = random.nextInt(6); n > 0; n--) {
            args.add(
                    random.nextInt(3) == 0
                            ? mutator.randomTokens(TOKENS, 4)
                            : "--" + mutator.pick(List.of("timeout", "wait", "a=b", "", "=", "x")));
        }
        return new Input(environment, flags, args.toArray(String[]::new));
    }

    private static String check(Input input) {
        try {
            ConfigReader.parseFlags(input.args());
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .isNotEmpty()
                    .allSatisfy(problem -> assertThat(problem).startsWith("unexpected argument '"));
        }
        ConfigReader reader = new ConfigReader(input.env(), input.flags());
        Duration timeout = reader.duration("timeout", DEFAULT);
        Duration wait = reader.durationUpTo("wait", DEFAULT, MAX);
        int count = reader.integer("count", 3, 1, 1000);
        reader.path("file", null);
        reader.kafkaProperties();
        assertThat(timeout).isPositive();
        assertThat(wait).isBetween(Duration.ZERO, DEFAULT.compareTo(MAX) > 0 ? DEFAULT : MAX);
        assertThat(count).isBetween(1, 1000);
        try {
            reader.validate();
            return "valid";
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .isNotEmpty()
                    .allSatisfy(problem -> assertThat(problem)
                            .matches("(?s)--(timeout|wait|count|file) / HOOKSTREAM_[A-Z]+: '.*' is not valid: .+"));
            return "problems";
        }
    }
}
