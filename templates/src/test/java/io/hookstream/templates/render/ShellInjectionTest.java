package io.hookstream.templates.render;

import static io.hookstream.templates.render.Fixtures.exec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs rendered scripts in real shells with hostile values in every quoting context: the shell must print the
 * value exactly and never run any part of it.
 */
class ShellInjectionTest {

    @TempDir
    static Path dir;

    /** A shell script template and the output it must produce for a value. */
    private record Context(String name, String template, UnaryOperator<String> expected) {}

    private static final List<Context> CONTEXTS = List.of(
            new Context("outside quotes", "printf '%s' {{ .Params.X }}", v -> v),
            new Context("single quotes", "printf '%s' '{{ .Params.X }}'", v -> v),
            new Context("double quotes", "printf '%s' \"{{ .Params.X }}\"", v -> v),
            new Context(
                    "inside words",
                    "printf '%s' pre{{ .Params.X }}\"mid{{ .Params.X }}\"'end{{ .Params.X }}'",
                    v -> "pre" + v + "mid" + v + "end" + v),
            new Context(
                    "command substitution in double quotes",
                    "printf '%s' \"$(printf '%s' {{ .Params.X }}; echo .)\"",
                    v -> v + "."),
            new Context("unquoted ${...}", "printf '%s' ${HOOKSTREAM_UNSET:-{{ .Params.X }}}", v -> v),
            new Context("assignment", "V={{ .Params.X }}; printf '%s' \"$V\"", v -> v),
            new Context("here-document", "cat <<EOF\n{{ .Params.X }}\nEOF", v -> v + "\n"),
            new Context("quoted here-document", "cat <<'EOF'\n{{ .Params.X }}\nEOF", v -> v + "\n"),
            new Context(
                    "double quotes in command substitution",
                    "printf '%s' \"$(printf '%s' \"{{ .Params.X }}\"; echo .)\"",
                    v -> v + "."),
            new Context(
                    "here-document in command substitution",
                    "printf '%s' \"$(cat <<EOF\n{{ .Params.X }}\nEOF\n)\".",
                    v -> v.replaceAll("\n+$", "") + "."),
            new Context("tab-stripped here-document", "cat <<-EOF\n\t{{ .Params.X }}\n\tEOF", v -> v + "\n"),
            new Context("case statement", "case {{ .Params.X }} in *) printf '%s' {{ .Params.X }};; esac", v -> v),
            new Context("comment", "printf ok # {{ .Params.X }}", v -> "ok"));

    private static List<String> values(String pwned) {
        List<String> values = new ArrayList<>(List.of(
                "x; touch " + pwned,
                "$(touch " + pwned + ")",
                "`touch " + pwned + "`",
                "' ; touch " + pwned + " ; '",
                "\" ; touch " + pwned + " ; \"",
                "'\"'\"$(touch " + pwned + ")\"'\"'",
                "\\",
                "a\\",
                "\\'",
                "\\\"; touch " + pwned + "; \\\"",
                "$HOME",
                "${HOME}",
                "$'\\x27'; touch " + pwned,
                "${IFS}touch${IFS}" + pwned,
                "}; touch " + pwned + "; {",
                "",
                " ",
                "*",
                "-n",
                "%s %d",
                "!!",
                "a\tb\rc",
                "|| touch " + pwned + " &",
                "> " + pwned));
        if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
            values.add("é ü 😀 中文");
        }
        return values;
    }

    /** Values with a newline cannot go into a comment (rendering refuses them); the other contexts take them. */
    private static List<String> multiLineValues(String pwned) {
        return List.of(
                "line1\nline2; touch " + pwned, "a\n", "\n$(touch " + pwned + ")\n'\n\"\n`\n", "EO\nF", "x\nEOFX\n");
    }

    private static List<List<String>> shells() {
        List<List<String>> shells = new ArrayList<>();
        for (String path : List.of("/bin/sh", "/bin/bash", "/bin/dash", "/bin/zsh", "/bin/ksh")) {
            if (Files.isExecutable(Path.of(path))) {
                shells.add(List.of(path));
            }
        }
        if (Files.isExecutable(Path.of("/bin/busybox"))) {
            shells.add(List.of("/bin/busybox", "sh"));
        }
        return shells;
    }

    @TestFactory
    Stream<DynamicTest> hostileValuesArePrintedLiterallyAndNeverRun() {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> shell : shells()) {
            for (Context context : CONTEXTS) {
                Path pwned = dir.resolve("pwned-" + tests.size());
                List<String> values = new ArrayList<>(values(pwned.toString()));
                if (!context.name().equals("comment")) {
                    values.addAll(multiLineValues(pwned.toString()));
                }
                tests.add(DynamicTest.dynamicTest(
                        String.join(" ", shell) + ", " + context.name(), () -> runAll(shell, context, values, pwned)));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(CONTEXTS.size());
        return tests.stream();
    }

    /** Found by fuzzing: a backslash-newline in a here-document body hides the next (delimiter) line. */
    @TestFactory
    Stream<DynamicTest> lineContinuationInAHereDocumentKeepsItsBodyOpen() {
        String template = "cat <<E\n((\\\nE\ncase a in a) {{ .Params.X }}E$A\n";
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> shell : shells()) {
            Path pwned = dir.resolve("continued-" + tests.size());
            String value = "'\"$(touch " + pwned + ")\"'";
            tests.add(DynamicTest.dynamicTest(String.join(" ", shell), () -> {
                List<String> command = new ArrayList<>(shell);
                command.add("-c");
                command.add(template);
                List<String> rendered = exec(command, Map.of("X", value));
                Process process = new ProcessBuilder(rendered)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(output).contains("((E\ncase a in a) " + value + "E");
                assertThat(pwned).doesNotExist();
            }));
        }
        return tests.stream();
    }

    private static void runAll(List<String> shell, Context context, List<String> values, Path pwned)
            throws IOException, InterruptedException {
        for (String value : values) {
            List<String> command = new ArrayList<>(shell);
            command.add("-c");
            command.add(context.template());
            List<String> rendered = exec(command, Map.of("X", value));
            Process process = new ProcessBuilder(rendered)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            byte[] stdout = process.getInputStream().readAllBytes();
            byte[] stderr = process.getErrorStream().readAllBytes();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String script = rendered.get(rendered.size() - 1);
            assertThat(new String(stderr, StandardCharsets.UTF_8))
                    .as("stderr of %s", script)
                    .isEmpty();
            assertThat(process.exitValue()).as("exit code of %s", script).isZero();
            assertThat(new String(stdout, StandardCharsets.UTF_8))
                    .as("output of %s", script)
                    .isEqualTo(context.expected().apply(value));
            assertThat(pwned).as("%s must not run code", script).doesNotExist();
        }
    }
}
