package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spawner: guarded processes keep the pid Java sees, lead their own group and get their environment and input as
 * given; without the tools, as before.
 */
class ProcessSpawnerTest {

    /** Prints pid, name, state, ppid and pgrp of the shell (the start of /proc/PID/stat). */
    private static final String STAT = "read -r s < /proc/$$/stat && echo \"$s\"";

    @TempDir
    Path temp;

    private static String[] statOf(ProcessSpawner spawner, ProcessBuilder builder) throws Exception {
        Process process = spawner.start(builder.redirectErrorStream(true)).get(30, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String[] fields = output.split(" ");
        assertThat(fields[0])
                .as("the pid the command sees is the pid Java started")
                .isEqualTo(Long.toString(process.pid()));
        return fields;
    }

    @Test
    void aGuardedCommandIsTheProcessJavaStartedAndLeadsItsOwnGroup() throws Exception {
        ProcessSpawner spawner = ProcessSpawner.shared();
        assumeTrue(spawner.guard().pdeathsig() && spawner.groups(), "needs util-linux setpriv and setsid");

        String[] stat = statOf(spawner, new ProcessBuilder("sh", "-c", STAT));

        assertThat(stat[4]).as("process group = its own pid").isEqualTo(stat[0]);
        assertThat(stat[3])
                .as("its parent is this JVM")
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(spawner.guard().prefix())
                .containsSubsequence("--pdeathsig", "KILL", "--")
                .endsWith("--");
    }

    @Test
    void aGuardedCommandGetsExactlyItsEnvironmentAlsoTheShellsOwnVariables() throws Exception {
        ProcessSpawner spawner = ProcessSpawner.shared();
        assumeTrue(spawner.guard().gate() != null, "needs the start gate (setpriv or setsid, sh, cat)");
        Map<String, String> given = Map.of(
                "PPID",
                "1",
                "IFS",
                ": ",
                "OPTIND",
                "7",
                "PWD",
                "/nowhere",
                "MULTI",
                "a b\nc $HOME '\"",
                "PATH",
                "/usr/bin:/bin");
        Map<String, String> withoutPwd = new HashMap<>(given);
        withoutPwd.remove("PWD");

        assertThat(environmentOf(spawner, given)).isEqualTo(given);
        assertThat(environmentOf(spawner, withoutPwd))
                .as("no PWD added by the gate's shell")
                .isEqualTo(withoutPwd);
    }

    @Test
    void aGuardedCommandReadsItsInputFileOrThePipe() throws Exception {
        ProcessSpawner spawner = ProcessSpawner.shared();
        assumeTrue(spawner.guard().gate() != null, "needs the start gate (setpriv or setsid, sh, cat)");
        Path input = Files.writeString(temp.resolve("input"), "from the file\n");

        Process fromFile = get(spawner.start(new ProcessBuilder("cat").redirectInput(input.toFile())));
        Process fromPipe = get(spawner.start(new ProcessBuilder("cat")));
        try (var pipe = fromPipe.getOutputStream()) {
            pipe.write("from the pipe\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(new String(fromFile.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("from the file\n");
        assertThat(new String(fromPipe.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("from the pipe\n");
    }

    /** The environment a guarded {@code cat /proc/self/environ} gets when started with {@code environment}. */
    private Map<String, String> environmentOf(ProcessSpawner spawner, Map<String, String> environment)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/cat", "/proc/self/environ")
                .redirectInput(new java.io.File("/dev/null"))
                .directory(temp.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = get(spawner.start(builder));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, String> got = new HashMap<>();
        for (String variable : output.split("\0")) {
            if (!variable.isEmpty()) {
                got.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
            }
        }
        return got;
    }

    @Test
    void withoutTheToolsCommandsStartAsTheyAreAndTheGapsAreNamed() throws Exception {
        ProcessSpawner plain = new ProcessSpawner(List.of(temp), 1);

        String[] stat = statOf(plain, new ProcessBuilder("sh", "-c", STAT));

        assertThat(plain.guard().active()).isFalse();
        assertThat(plain.groups()).isFalse();
        assertThat(plain.guard().gaps()).contains("no sh");
        assertThat(stat[4]).as("in the JVM's process group, as before").isNotEqualTo(stat[0]);
    }

    @Test
    void missingToolsAreNamedWithWhatIsNotCovered() throws IOException {
        Path tools = Files.createDirectory(temp.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("sh"), Path.of("/bin/sh"));

        ExecGuard guard = ExecGuard.detect(List.of(tools));

        assertThat(guard.active()).isFalse();
        assertThat(guard.gaps()).contains("setpriv not found", "setsid not found", "keeps running");
    }

    @Test
    void aMissingProgramFailsAsJavaWouldSay() {
        ProcessBuilder builder = new ProcessBuilder("hookstream-no-such-program", "x").directory(temp.toFile());

        assertThatThrownBy(() -> get(ProcessSpawner.shared().start(builder)))
                .hasCauseInstanceOf(IOException.class)
                .cause()
                .hasMessageContaining("hookstream-no-such-program")
                .hasMessageContaining("error=2");
    }

    @Test
    void aProgramWithoutExecutePermissionFailsWithPermissionDenied() throws IOException {
        Path script = Files.writeString(temp.resolve("plain.sh"), "#!/bin/sh\necho hi\n");

        assertThatThrownBy(() -> get(ProcessSpawner.shared().start(new ProcessBuilder(script.toString()))))
                .cause()
                .hasMessageContaining("Permission denied");
    }

    @Test
    void aPathParamDoesNotChangeWhichProgramStarts() throws Exception {
        Path decoy = Files.createDirectory(temp.resolve("decoy"));
        Files.writeString(decoy.resolve("sh"), "#!/bin/sh\necho decoy\n");
        decoy.resolve("sh").toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo real").redirectErrorStream(true);
        builder.environment().put("PATH", decoy.toString());

        Process process = get(ProcessSpawner.shared().start(builder));

        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("real\n");
    }

    private static Process get(CompletableFuture<Process> started) throws Exception {
        return started.get(30, TimeUnit.SECONDS);
    }
}
