package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.RunRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookstream run} without a broker: building the request ({@code --dry-run}) and usage errors. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private RunCommand command = new RunCommand();

    private int run(String... args) {
        int exit = runOnce(args);
        command = new RunCommand();
        return exit;
    }

    private int runOnce(String... args) {
        command.clock = Clock.fixed(Instant.ofEpochSecond(1732665600), ZoneOffset.UTC);
        return Cli.execute(command, new PrintWriter(out), new PrintWriter(err), args);
    }

    private JsonNode printed() throws IOException {
        return Json.mapper().readTree(out.toString());
    }

    @Test
    void flagsBuildARequestTheContractAccepts() throws IOException {
        int exit = run(
                "--dry-run",
                "--phase",
                "pre-backup",
                "--invoker",
                "demo/BackupConfiguration/mysql-backup",
                "--target",
                "demo/StatefulSet.apps/mysql",
                "--hook",
                "pause=mysql-pause",
                "--hook",
                "check=ops/tcp-check",
                "--param",
                "WORD=hi",
                "--param",
                "check:PORT=3306",
                "--hook-timeout",
                "30s",
                "--max-retry",
                "2");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode request = printed();
        RunRequest parsed = Json.mapper().treeToValue(request, RunRequest.class);
        assertThat(parsed.runId()).matches("[0-9a-f-]{36}");
        assertThat(request.at("/phase").asText()).isEqualTo("pre-backup");
        assertThat(request.at("/session/name").asText()).isEqualTo("mysql-backup-1732665600");
        assertThat(request.at("/session/namespace").asText()).isEqualTo("demo");
        assertThat(request.at("/session/invoker").toString())
                .isEqualTo(
                        "{\"apiGroup\":\"core.kubestash.com\",\"kind\":\"BackupConfiguration\",\"name\":\"mysql-backup\"}");
        assertThat(request.at("/session/target").toString())
                .isEqualTo(
                        "{\"apiGroup\":\"apps\",\"kind\":\"StatefulSet\",\"namespace\":\"demo\",\"name\":\"mysql\"}");
        assertThat(request.at("/hooks/0").toString())
                .isEqualTo(
                        "{\"name\":\"pause\",\"hookTemplate\":{\"name\":"
                                + "\"mysql-pause\",\"namespace\":\"demo\"},\"params\":{\"WORD\":\"hi\"},\"maxRetry\":2,\"timeout\":\"30s\"}");
        assertThat(request.at("/hooks/1/hookTemplate").toString())
                .isEqualTo("{\"name\":\"tcp-check\",\"namespace\":\"ops\"}");
        assertThat(request.at("/hooks/1/params").toString()).isEqualTo("{\"WORD\":\"hi\",\"PORT\":\"3306\"}");
    }

    @Test
    void dryRunMasksSecretParams() throws IOException {
        int exit = run(
                "--dry-run",
                "--phase",
                "pre-backup",
                "--invoker",
                "demo/BackupConfiguration/b",
                "--hook",
                "h=t",
                "--param",
                "DB_PASSWORD=hunter2",
                "--param",
                "api_token=abc",
                "--run-id",
                "r-1");

        assertThat(exit).isZero();
        assertThat(out.toString()).doesNotContain("hunter2").doesNotContain("abc");
        assertThat(printed().at("/hooks/0/params").toString())
                .isEqualTo("{\"DB_PASSWORD\":\"***\",\"api_token\":\"***\"}");
        assertThat(printed().at("/runId").asText()).isEqualTo("r-1");
    }

    @Test
    void aRequestIsReadFromStdinAndKeepsItsRunId() throws IOException {
        command.stdin = new ByteArrayInputStream(("{\"runId\": \"from-file\", \"phase\": \"post-backup\", \"session\":"
                        + " {\"name\": \"s\", \"namespace\": \"demo\"}, \"hooks\": [{\"name\": \"h\", \"hookTemplate\": "
                        + "{\"name\": \"t\"}}]}")
                .getBytes(StandardCharsets.UTF_8));

        int exit = run("--dry-run", "-f", "-");

        assertThat(exit).isZero();
        assertThat(printed().at("/runId").asText()).isEqualTo("from-file");
        assertThat(printed().at("/phase").asText()).isEqualTo("post-backup");
    }

    @Test
    void runIdFlagOverridesTheFilesRunId() throws IOException {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"runId\": \"from-file\", \"phase\": \"pre-backup\", \"hooks\": []}");

        int exit = run("--dry-run", "-f", file.toString(), "--run-id", "from-flag");

        assertThat(exit).isZero();
        assertThat(printed().at("/runId").asText()).isEqualTo("from-flag");
    }

    @Test
    void aFileThatIsNoRunRequestIsAUsageErrorNamingTheField() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"phase\": \"pre-backup\",\n \"hoks\": []}");

        int exit = run("-f", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("hookstream run: " + file + " is not a valid run request (line 2): "
                        + "unknown field 'hoks'; known fields there: [hooks, phase, runId, session]\n");
    }

    @Test
    void aMissingFileIsAUsageError() {
        int exit = run("-f", dir.resolve("none.json").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("none.json does not exist");
    }

    @Test
    void noRequestIsAUsageError() {
        int exit = run("--wait");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().trim())
                .isEqualTo("hookstream run: no run request: give -f FILE (- for stdin), "
                        + "or --phase, --invoker and --hook");
    }

    @Test
    void aFileAndRequestFlagsTogetherAreAUsageError() {
        int exit = run("-f", "x.json", "--hook", "a=b");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("-f and the request flags");
    }

    @Test
    void malformedFlagsAreUsageErrors() {
        assertThat(run("--phase", "backup", "--invoker", "demo/K/n", "--hook", "a=b"))
                .isEqualTo(2);
        assertThat(run("--phase", "pre-backup", "--invoker", "demo/n", "--hook", "a=b"))
                .isEqualTo(2);
        assertThat(run("--phase", "pre-backup", "--invoker", "demo/K/n", "--hook", "a"))
                .isEqualTo(2);
        assertThat(run("--phase", "pre-backup", "--invoker", "demo/K/n", "--hook", "a=b", "--param", "c:X=1"))
                .isEqualTo(2);
        assertThat(run("--phase", "pre-backup", "--invoker", "demo/K/n", "--hook", "a=b", "--run-id", "bad id"))
                .isEqualTo(2);
        assertThat(run("--phase", "pre-backup", "--invoker", "demo/K/n", "--hook", "a=b", "--wait", "soon"))
                .isEqualTo(2);

        assertThat(err.toString().lines())
                .containsExactly(
                        "hookstream run: --phase: unknown phase 'backup': expected one of pre-backup, post-backup, "
                                + "pre-restore, post-restore",
                        "hookstream run: --invoker demo/n: expected NAMESPACE/KIND/NAME, e.g. demo/BackupConfiguration/mysql-backup",
                        "hookstream run: --hook a: expected NAME=TEMPLATE, e.g. pause=demo/mysql-pause",
                        "hookstream run: --param c:X=1: no --hook is named 'c'",
                        "hookstream run: run id 'bad id' is invalid: use letters, digits and . _ : - (at most 200, starting "
                                + "with a letter or digit)",
                        "hookstream run: --wait: invalid duration 'soon': expected a duration such as 30s, 2m or 1h30m (units ns, us, ms, s, m, h)");
    }
}
