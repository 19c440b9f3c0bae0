package io.hookstream.templates.render;

import static io.hookstream.templates.render.Fixtures.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hookstream.templates.TemplateException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds random script templates from shell syntax fragments (fixed seed), renders them with payloads that
 * create a file if any part runs as code, and runs every script the renderer accepts in dash and bash: the file
 * must never appear. Deeper runs: {@code -Dhookstream.fuzz.rounds=20000 -Dhookstream.fuzz.seed=N}.
 */
class ShellTemplateFuzzTest {

    private static final String[] AUTHOR = {
        "'",
        "\"",
        "$(",
        ")",
        "${X:-",
        "}",
        "`",
        "#",
        "\n",
        "<<E\n",
        "\nE\n",
        "<<'E'\n",
        "\\",
        "echo ",
        " ",
        ";",
        "$((",
        "))",
        "case a in a) ",
        ";; esac",
        "$'",
        "{{ .Params.X }}",
        "{{ .Params.X }}",
        "{{ .Params.X }}",
        "printf '%s' ",
        "(",
        "((",
        "<<-E\n",
        "\tE\n",
        "$",
        "$A",
        "=",
        "|",
        "<<<",
        "'\\''",
        "\\\"",
        "E",
        "$(cat <<E\n",
        "\"$(",
        "${#",
        "\n\t",
        "<<\\E\n",
        "&",
        ">",
        "<",
        "{",
        "}",
        "[[ ",
        " ]]",
        "=~",
        "!",
        "$[",
        "]",
        "$\"",
        "# c",
        "a#b",
        "\\\n",
        "$@",
        "$1",
        "${A}",
        "''",
        "\"\"",
        ")\n",
        "E\\\n",
        "`echo ",
        "\\`",
        ">&",
        "2>&1",
        " -eq ",
        "[ ",
        " ]",
        "&>",
        "<&",
        ">|",
        "test "
    };
    private static final String[] PAYLOADS = {
        "$(touch P)", "';touch P;'", "\";touch P;\"", "`touch P`", "\ntouch P\n", "\nE\ntouch P\n",
        "'\"$(touch P)\"'", "\\';touch P;'", "\\\";touch P;\"", "E\ntouch P", ")touch P(", "}touch P{",
        "))$(touch P)", "a[$(touch P)]"
    };
    private static final List<String> SHELLS = Stream.of("/bin/dash", "/bin/bash")
            .filter(shell -> Files.isExecutable(Path.of(shell)))
            .toList();

    @TempDir
    Path dir;

    @Test
    void randomTemplatesNeverRunAValueAsCode() throws Exception {
        assumeThat(SHELLS).as("dash or bash installed").isNotEmpty();
        Random random = new Random(Long.getLong("hookstream.fuzz.seed", 7L));
        int rounds = Integer.getInteger("hookstream.fuzz.rounds", 400);
        int rendered = 0;
        int refused = 0;
        for (int round = 0; round < rounds; round++) {
            StringBuilder template = new StringBuilder();
            for (int n = 2 + random.nextInt(10); n > 0; n--) {
                template.append(AUTHOR[random.nextInt(AUTHOR.length)]);
            }
            if (template.indexOf("{{") < 0) {
                template.insert(random.nextInt(template.length() + 1), "{{ .Params.X }}");
            }
            Path pwned = dir.resolve("pwned-" + round);
            String payload = PAYLOADS[random.nextInt(PAYLOADS.length)].replace("P", pwned.toString());
            for (String shell : SHELLS) {
                List<String> command;
                try {
                    command = exec(List.of(shell, "-c", template.toString()), Map.of("X", payload));
                    rendered++;
                } catch (TemplateException e) {
                    refused++;
                    continue;
                }
                Process process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                process.getInputStream().readAllBytes();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                assertThat(pwned)
                        .as(
                                "%s ran part of the value as code; template:%n%s%nrendered:%n%s",
                                shell, template, command.get(2))
                        .doesNotExist();
            }
        }
        assertThat(rendered).as("scripts rendered and run").isGreaterThan(rounds / 2);
        assertThat(refused).as("scripts refused").isPositive();
    }
}
