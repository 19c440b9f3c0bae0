package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start gate on its own (no setpriv, no setsid): the command starts only when opened, and only under the JVM. */
class StartGateTest {

    private static final Path SHELL = Path.of("/bin/sh");

    @TempDir
    Path temp;

    /** Starts {@code touch <marker>} behind the gate, as the spawner would (this JVM is the gate's parent). */
    private Process startTouch(Path marker, Map<String, String> environment) throws IOException {
        List<String> argv = new StartGate(SHELL)
                .wrap("/usr/bin/touch", List.of("touch", marker.toString()), new File("/dev/null"), environment);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    @Test
    void anOpenedGateStartsTheCommand() throws Exception {
        Path marker = temp.resolve("ran");
        Process process = startTouch(marker, new HashMap<>());

        StartGate.open(process, true);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void aGateWhoseJvmDiedBeforeOpeningItNeverStartsTheCommand() throws Exception {
        Path marker = temp.resolve("ran");
        Process process = startTouch(marker, new HashMap<>());

        process.getOutputStream().close(); // what the kernel does to the pipe when the JVM dies

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(125);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aGateWhoseParentIsNoLongerTheJvmNeverStartsTheCommand() throws Exception {
        Path marker = temp.resolve("ran");
        List<String> argv = new java.util.ArrayList<>(new StartGate(SHELL)
                .wrap("/usr/bin/touch", List.of("touch", marker.toString()), new File("/dev/null"), new HashMap<>()));
        argv.set(4, "1"); // the pid the gate expects as its parent: not the JVM that started it
        Process process = new ProcessBuilder(argv).start();

        StartGate.open(process, true);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(125);
        assertThat(marker).doesNotExist();
    }

    @Test
    void anEnvironmentThatHoldsACarrierNameIsRefused() {
        Map<String, String> environment = new HashMap<>(Map.of(StartGate.CARRIER + "PPID", "x"));

        assertThatThrownBy(() -> startTouch(temp.resolve("ran"), environment))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(StartGate.CARRIER + "PPID")
                .hasMessageContaining("rename that param");
        assertThat(temp.resolve("ran")).doesNotExist();
    }

    @Test
    void theProbeFindsThisMachinesShellPassesTheEnvironmentOn() {
        assertThat(StartGate.probe(List.of(), SHELL, Path.of("/bin/cat"))).isNull();
        assertThat(StartGate.probe(List.of(), SHELL, null)).contains("no cat");
    }
}
