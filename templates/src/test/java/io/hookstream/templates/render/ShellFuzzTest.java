package io.hookstream.templates.render;

import static io.hookstream.templates.render.Fixtures.exec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders many values built from shell metacharacters and command fragments (fixed seed) into one script per
 * quoting context and shell, runs it, and checks that every value comes back exactly and nothing ran.
 */
class ShellFuzzTest {

    private static final int VALUES = 80;

    @TempDir
    static Path dir;

    private record Context(String name, IntFunction<String> fragment, UnaryOperator<String> expected) {}

    private static final List<Context> CONTEXTS = List.of(
            new Context("outside quotes", i -> "printf '<%s>' {{ .Params.V" + i + " }}", v -> "<" + v + ">"),
            new Context("single quotes", i -> "printf '<%s>' '{{ .Params.V" + i + " }}'", v -> "<" + v + ">"),
            new Context("double quotes", i -> "printf '<%s>' \"{{ .Params.V" + i + " }}\"", v -> "<" + v + ">"),
            new Context(
                    "command substitution",
                    i -> "printf '<%s>' \"$(printf '%s' {{ .Params.V" + i + " }}; echo .)\"",
                    v -> "<" + v + ".>"),
            new Context(
                    "unquoted ${...}",
                    i -> "printf '<%s>' ${HOOKSTREAM_UNSET:-{{ .Params.V" + i + " }}}",
                    v -> "<" + v + ">"),
            new Context(
                    "here-document",
                    i -> "cat <<HOOKSTREAM_END\n<{{ .Params.V" + i + " }}>\nHOOKSTREAM_END",
                    v -> "<" + v + ">\n"),
            new Context(
                    "quoted here-document",
                    i -> "cat <<'HOOKSTREAM_END'\n<{{ .Params.V" + i + " }}>\nHOOKSTREAM_END",
                    v -> "<" + v + ">\n"));

    private static final String[] FRAGMENTS = {
        "'",
        "\"",
        "\\",
        "$(",
        ")",
        "`",
        ";",
        " touch PWNED ",
        "\n",
        "${",
        "}",
        "$'",
        "#",
        "&&",
        "|",
        " ",
        "a",
        "é",
        "\t",
        "$HOME",
        "'\\''",
        "\\\"",
        "$((1+1))",
        "<<E\n",
        "*",
        "!",
        "%s",
        "--",
        "\r"
    };

    @TestFactory
    Stream<DynamicTest> randomHostileValuesRoundTripInEveryContext() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String shell : List.of("/bin/sh", "/bin/bash", "/bin/dash")) {
            if (!Files.isExecutable(Path.of(shell))) {
                continue;
            }
            for (Context context : CONTEXTS) {
                Path pwned = dir.resolve("pwned-" + tests.size());
                tests.add(DynamicTest.dynamicTest(shell + ", " + context.name(), () -> run(shell, context, pwned)));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    private static void run(String shell, Context context, Path pwned) throws Exception {
        Random random = new Random(20240611L);
        Map<String, String> params = new HashMap<>();
        StringBuilder script = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < VALUES; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                value.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)].replace("PWNED", pwned.toString()));
            }
            params.put("V" + i, value.toString());
            script.append(context.fragment().apply(i)).append('\n');
            expected.append(context.expected().apply(value.toString()));
        }
        List<String> rendered = exec(List.of(shell, "-c", script.toString()), params);
        Process process = new ProcessBuilder(rendered)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(stderr, StandardCharsets.UTF_8)).isEmpty();
        assertThat(process.exitValue()).isZero();
        assertThat(new String(stdout, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(pwned).doesNotExist();
    }
}
