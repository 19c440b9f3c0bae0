package io.hookstream.worker.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reaper ends the registered process groups at end of input (the JVM's death), and only those. */
class GroupReaperTest {

    private static final Path SH = Path.of("/bin/sh");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** Bits of SIGHUP (1), SIGINT (2), SIGQUIT (3) and SIGTERM (15) in /proc/PID/status SigIgn. */
    private static final long HUP_INT_QUIT_TERM = 0x4007;

    private Process registered;
    private Process unregistered;

    @BeforeEach
    void startGroups() throws Exception {
        assumeTrue(Files.isExecutable(SETSID), "needs setsid");
        registered = group();
        unregistered = group();
    }

    @AfterEach
    void cleanUp() {
        for (Process process : new Process[] {registered, unregistered}) {
            if (process != null) {
                ProcessTree.snapshot(process.toHandle(), process.pid()).kill();
            }
        }
    }

    /** A process group of a shell and its sleeping child. */
    private static Process group() throws Exception {
        Process process = new ProcessBuilder(SETSID.toString(), "--", SH.toString(), "-c", "sleep 300 & wait").start();
        await().atMost(Duration.ofSeconds(20)).until(() -> process.descendants().count() == 1);
        return process;
    }

    private static List<ProcessHandle> members(Process leader) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(leader.toHandle()), leader.descendants())
                .toList();
    }

    @Test
    void endOfInputKillsEveryRegisteredGroupAndNothingElse() throws Exception {
        GroupReaper reaper = GroupReaper.start(SH);
        List<ProcessHandle> doomed = members(registered);
        reaper.register(registered.pid());
        reaper.register(unregistered.pid());
        reaper.unregister(unregistered.pid());

        Process gone = reaper.closeInput();

        assertThat(gone.waitFor(20, TimeUnit.SECONDS))
                .as("the reaper exits at end of input")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(doomed)
                        .allSatisfy(process ->
                                assertThat(ProcessTree.running(process)).isFalse()));
        assertThat(members(unregistered))
                .allSatisfy(process -> assertThat(ProcessTree.running(process)).isTrue());
    }

    @Test
    void aKilledReaperIsRestartedWithTheGroupsRegisteredSoFar() throws Exception {
        GroupReaper reaper = GroupReaper.start(SH, 0);
        reaper.register(registered.pid());
        long first = reaper.pid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> reaper.pid() != first);
        List<ProcessHandle> doomed = members(registered);
        reaper.closeInput();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(doomed)
                        .allSatisfy(process ->
                                assertThat(ProcessTree.running(process)).isFalse()));
    }

    @Test
    void theReaperIgnoresTerminalAndTerminationSignals() throws Exception {
        GroupReaper reaper = GroupReaper.start(SH);
        reaper.register(registered.pid());
        ProcessHandle handle = ProcessHandle.of(reaper.pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> (ignoredSignals(reaper.pid()) & HUP_INT_QUIT_TERM) == HUP_INT_QUIT_TERM);

        handle.destroy(); // SIGTERM
        new ProcessBuilder("kill", "-INT", Long.toString(reaper.pid())).start().waitFor(10, TimeUnit.SECONDS);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(handle::isAlive);
        reaper.closeInput();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessTree.running(registered.toHandle()));
    }

    /** The SigIgn mask of /proc/PID/status: the signals the process ignores (once its traps are set). */
    private static long ignoredSignals(long pid) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseLong(line.substring(7).strip(), 16))
                .findFirst()
                .orElse(0L);
    }
}
