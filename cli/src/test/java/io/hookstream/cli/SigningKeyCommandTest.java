package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.kafka.signing.SigningKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SigningKeyCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.execute(new SigningKeyCommand(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void printsOnlyAUsableKeyOnStdoutAndTheHowToOnStderr() {
        assertThat(run("--id", "2026-11")).isZero();

        String line = out.toString().strip();
        assertThat(line).startsWith("2026-11=").doesNotContain("\n");
        assertThat(SigningKeys.parse(line, "stdout").ids()).containsExactly("2026-11");
        assertThat(err.toString()).contains("kubectl", "rotate");
    }

    @Test
    void twoKeysAreNeverTheSame() {
        run();
        run();

        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isNotEqualTo(lines[1]);
    }

    @Test
    void anInvalidIdIsRefusedWithUsageExitCode() {
        assertThat(run("--id", "no spaces")).isEqualTo(2);
        assertThat(err.toString()).contains("--id 'no spaces' is not valid");
        assertThat(out.toString()).isEmpty();
    }
}
