package io.hookstream.loadtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.loadtest.CpuFigures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Real CPU, spent on purpose: by a thread of this JVM and by a child process. */
class CpuMeterTest {

    @Test
    void theCpuOfAThreadOfThisJvmAndOfAChildProcessIsMeasuredAndSplit() throws Exception {
        Process child = new ProcessBuilder(
                        "sh",
                        "-c",
                        "read go; i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo done; exec sleep 60")
                .start();
        try {
            CpuMeter meter =
                    CpuMeter.start("test", () -> List.of(new CpuMeter.Target("child", "a busy shell", child.pid())));
            child.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            child.getOutputStream().flush();
            // a thread that has ended is no longer counted in its group: the burner stays until the meter has read
            CountDownLatch burnt = new CountDownLatch(1);
            CountDownLatch read = new CountDownLatch(1);
            Thread burner = new Thread(
                    () -> {
                        burn200ms();
                        burnt.countDown();
                        awaitQuietly(read);
                    },
                    "loadtest-burn");
            burner.start();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                assertThat(out.readLine()).isEqualTo("done");
            }
            burnt.await();

            CpuFigures cpu = meter.stop(10);
            read.countDown();

            CpuFigures.ProcessCpu tool = cpu.processes().get(0);
            assertThat(tool.name()).isEqualTo("tool-jvm");
            assertThat(tool.threadGroupsMs().get("tool")).isGreaterThanOrEqualTo(150.0);
            assertThat(tool.cpuMs())
                    .isGreaterThanOrEqualTo(tool.threadGroupsMs().get("tool") - 20);
            CpuFigures.ProcessCpu shell = cpu.processes().get(1);
            assertThat(shell.name()).isEqualTo("child");
            assertThat(shell.pid()).isEqualTo(child.pid());
            assertThat(shell.cpuMs()).isPositive();
            assertThat(shell.exited()).isFalse();
            assertThat(cpu.complete()).isTrue();
            assertThat(cpu.cpuMs()).isGreaterThanOrEqualTo(tool.cpuMs() + shell.cpuMs() - 0.2);
            assertThat(cpu.msPerHook()).isEqualTo(Math.round(cpu.cpuMs() / 10 * 1000) / 1000.0);
        } finally {
            child.destroyForcibly();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void burn200ms() {
        var bean = ManagementFactory.getThreadMXBean();
        long until = bean.getCurrentThreadCpuTime() + 200_000_000L;
        long x = 0;
        while (bean.getCurrentThreadCpuTime() < until) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }
}
