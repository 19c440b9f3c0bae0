package io.hookstream.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hookstream.worker.executor.internal.ProcessSpawner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM running an exec hook is SIGKILLed (no shutdown hook, no drain): the hook's command, its children and
 * its grandchild are gone within seconds (parent-death signal and the reaper); so are the processes of hooks that
 * were still being started when it was killed (start gate). The control run without the guard shows the same
 * processes outliving the JVM, so the test can tell the guard from luck.
 */
class ExecGuardIT {

    @TempDir
    Path temp;

    private final List<Long> leftovers = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        leftovers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void everyProcessOfAnExecHookEndsWhenTheWorkerJvmIsKilled() throws Exception {
        ProcessSpawner spawner = ProcessSpawner.shared();
        assumeTrue(spawner.guard().pdeathsig() && spawner.groups(), "needs Linux with util-linux setpriv, setsid");
        List<Long> pids = runHookAndKillJvm(temp.resolve("pids"), "guarded");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(pids)
                        .allSatisfy(pid -> assertThat(Pids.running(pid))
                                .as("process %d runs", pid)
                                .isFalse()));
    }

    /**
     * The JVM dies while its spawner is still starting hooks: whatever had started by then (a command whose
     * parent-death signal or reaper registration may not be in place yet, children it forked) is gone too, and no
     * hook starts afterwards.
     */
    @Test
    void hooksBeingStartedWhenTheWorkerJvmIsKilledEndWithIt() throws Exception {
        ProcessSpawner spawner = ProcessSpawner.shared();
        assumeTrue(spawner.guard().pdeathsig() && spawner.groups(), "needs Linux with util-linux setpriv, setsid");
        Path pidFile = temp.resolve("pids");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExecGuardMain.class.getName(),
                        pidFile.toString(),
                        "burst")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            assertThat(awaitLine(jvm, "BURST"))
                    .as("the stand-in started its burst of hooks")
                    .isNotNull();
        } finally {
            jvm.destroyForcibly(); // SIGKILL, in the middle of the burst
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String tag = "PIDS=" + pidFile;
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(Pids.withEnvironment(tag, leftovers))
                        .as("processes of the killed JVM's hooks still running (pid, ppid, pgid, command)")
                        .isEmpty());
        assertThat(Pids.read(pidFile))
                .as("hooks that had started")
                .hasSizeGreaterThanOrEqualTo(ExecGuardMain.BURST_RUNNING);
    }

    @Test
    void withoutTheGuardTheSameProcessesOutliveTheKilledJvm() throws Exception {
        List<Long> pids = runHookAndKillJvm(temp.resolve("pids"), "plain");

        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(pids)
                        .allSatisfy(pid -> assertThat(Pids.running(pid))
                                .as("process %d runs", pid)
                                .isTrue()));
    }

    /** Starts {@link ExecGuardMain}, waits for its hook's pids (all running), SIGKILLs it; the pids. */
    private List<Long> runHookAndKillJvm(Path pidFile, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExecGuardMain.class.getName(),
                        pidFile.toString(),
                        mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String line = awaitLine(jvm, "PIDS ");
            assertThat(line).as("the stand-in printed its hook's pids").isNotNull();
            List<Long> pids = Arrays.stream(line.substring(5).trim().split(" "))
                    .map(Long::parseLong)
                    .toList();
            leftovers.addAll(pids);
            assertThat(pids)
                    .hasSize(ExecGuardMain.PIDS)
                    .allSatisfy(pid -> assertThat(Pids.running(pid))
                            .as("process %d runs", pid)
                            .isTrue());
            return pids;
        } finally {
            jvm.destroyForcibly(); // SIGKILL
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The first line of {@code jvm}'s output that starts with {@code prefix}; null at its end. */
    private static String awaitLine(Process jvm, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        String read;
                        while ((read = out.readLine()) != null && !read.startsWith(prefix)) {
                            // other output of the worker stand-in
                        }
                        return read;
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .get(90, TimeUnit.SECONDS);
    }
}
