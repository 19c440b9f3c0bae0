package io.hookstream.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTestSettingsTest {

    private static LoadTestSettings with(String... args) {
        LoadTestCommand command = new LoadTestCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void theFlagsBecomeSettings() {
        LoadTestSettings s = with(
                "--embedded",
                "--hooks",
                "200",
                "--hooks-per-run",
                "2",
                "--rate",
                "1000",
                "--action",
                "http",
                "--action-delay",
                "50ms",
                "--worker-processes",
                "4",
                "--workers",
                "2",
                "--worker-heap",
                "256m",
                "--baseline",
                "--chaos",
                "kill-worker");

        assertThat(s.embedded()).isTrue();
        assertThat(s.runs()).isEqualTo(100);
        assertThat(s.rate()).isEqualTo(1000.0);
        assertThat(s.action()).isEqualTo(Action.HTTP);
        assertThat(s.actionDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.workerConsumers()).isEqualTo(8);
        assertThat(s.effectivePartitions()).isEqualTo(8);
        assertThat(s.chaosKillWorker()).isTrue();
        assertThat(s.effectiveSettle()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void baselineAloneMeansTheBareRelaysAndAListMeasuresEachRelayInTurn() {
        assertThat(with("--embedded").baselines()).isEmpty();
        assertThat(with("--embedded", "--baseline").baselines()).containsExactly(BaselineRelay.BARE);
        assertThat(with("--embedded", "--baseline", "--hooks", "10").baselines())
                .containsExactly(BaselineRelay.BARE);
        LoadTestSettings all = with("--embedded", "--baseline=bare,eos,share,share-tx");
        assertThat(all.baselines())
                .containsExactly(BaselineRelay.BARE, BaselineRelay.EOS, BaselineRelay.SHARE, BaselineRelay.SHARE_TX);
        assertThat(all.describe()).containsEntry("baselineRelays", List.of("bare", "eos", "share", "share-tx"));
        assertThat(all.problems()).isEmpty();
    }

    @Test
    void baselineBothMeansTheBareAndTheExactlyOnceRelays() {
        assertThat(with("--embedded", "--baseline", "both").baselines())
                .containsExactly(BaselineRelay.BARE, BaselineRelay.EOS);
        assertThat(with("--embedded", "--baseline=both,eos,share").baselines())
                .containsExactly(BaselineRelay.BARE, BaselineRelay.EOS, BaselineRelay.SHARE);
    }

    @Test
    void coldMeansAThirtySecondFirstWindowByDefaultAndRefusesAWarmUp() {
        assertThat(with("--embedded").coldWindow()).isNull();
        LoadTestSettings cold = with("--embedded", "--cold", "--rate", "1000");
        assertThat(cold.coldWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cold.describe()).containsEntry("cold", "30s");
        assertThat(cold.problems()).isEmpty();
        assertThat(with("--embedded", "--cold=5s").coldWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(with("--embedded", "--cold", "--warmup", "1000").problems())
                .anyMatch(p -> p.startsWith("--cold:") && p.contains("--warmup"));
    }

    @Test
    void aCpuPidThatIsNotRunningIsRefused() {
        long self = ProcessHandle.current().pid();
        assertThat(with("--embedded", "--cpu-pid", Long.toString(self)).problems())
                .isEmpty();
        assertThat(with("--embedded", "--cpu-pid", Long.toString(self)).cpuPids())
                .containsExactly(self);
        assertThat(with("--embedded", "--cpu-pid", "999999999").problems())
                .anyMatch(p -> p.startsWith("--cpu-pid:") && p.contains("999999999"));
    }

    @Test
    void execActionsHaveOnlyTheProcessBaselineAndUnknownRelaysAreRefused() {
        assertThat(with("--embedded", "--action", "exec", "--baseline").problems())
                .isEmpty();
        assertThat(with("--embedded", "--action", "exec", "--baseline=eos").problems())
                .anyMatch(p -> p.startsWith("--baseline:") && p.contains("ProcessBuilder"));
        assertThatThrownBy(() -> with("--embedded", "--baseline=fast"))
                .hasMessageContaining("unknown baseline relay 'fast'");
    }

    @Test
    void chaosNeedsAtLeastTwoWorkerProcesses() {
        assertThat(with("--embedded", "--chaos", "kill-worker", "--worker-processes", "1")
                        .problems())
                .anyMatch(p -> p.startsWith("--chaos kill-worker") && p.contains("--worker-processes 2"));
    }

    @Test
    void scaleChaosTakesBothModesAtOnceAndGivesEveryConsumerItMayStartAPartition() {
        LoadTestSettings s = with(
                "--embedded",
                "--worker-processes",
                "3",
                "--workers",
                "2",
                "--chaos",
                "kill-worker,scale",
                "--hook-timeout",
                "20s");

        assertThat(s.chaosKillWorker()).isTrue();
        assertThat(s.chaosScale()).isTrue();
        assertThat(s.effectiveChaosMaxWorkers()).isEqualTo(5);
        assertThat(s.effectivePartitions()).isEqualTo(10);
        assertThat(s.workerShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.problems()).isEmpty();
        assertThat(with(
                                "--embedded",
                                "--worker-processes",
                                "3",
                                "--workers",
                                "2",
                                "--chaos",
                                "scale",
                                "--chaos-max-workers",
                                "4",
                                "--partitions",
                                "12")
                        .effectivePartitions())
                .isEqualTo(12);
    }

    @Test
    void theWorkersHookLeaseIsPassedOnOnlyWhenGiven() {
        LoadTestSettings off = with("--embedded", "--worker-processes", "2", "--hook-lease", "0s");

        assertThat(off.hookLease()).isEqualTo(Duration.ZERO);
        assertThat(off.describe()).containsEntry("hookLease", "0s");
        assertThat(with("--embedded").hookLease()).isNull();
    }

    @Test
    void scaleChaosNeedsWorkerProcessesAndABoundAboveOne() {
        assertThat(with("--embedded", "--chaos", "scale").problems())
                .anyMatch(p -> p.startsWith("--chaos scale") && p.contains("--worker-processes 1"));
        assertThat(with("--embedded", "--chaos", "scale", "--worker-processes", "3", "--chaos-max-workers", "2")
                        .problems())
                .anyMatch(p -> p.startsWith("--chaos-max-workers"));
        assertThat(with("--embedded", "--chaos", "scale", "--worker-processes", "1")
                        .problems())
                .isEmpty();
    }

    @Test
    void anUnknownChaosModeIsAUsageError() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = new picocli.CommandLine(new LoadTestCommand())
                .setErr(new java.io.PrintWriter(err, true))
                .execute("--embedded", "--worker-processes", "2", "--chaos", "kill-worker,explode");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown chaos mode 'explode'").contains("kill-worker, scale");
    }

    @Test
    void aBrokerThatIsNotOnLoopbackIsRefused() {
        assertThat(with("--bootstrap-servers", "10.1.2.3:9092", "--action", "exec")
                        .problems())
                .anyMatch(p -> p.startsWith("--bootstrap-servers") && p.contains("not a loopback address"));
        assertThat(with("--bootstrap-servers", "127.0.0.1:9092", "--action", "exec")
                        .problems())
                .isEmpty();
    }

    @Test
    void anExistingClusterNeedsTheActionPortItsTemplatesName() {
        assertThat(with("--bootstrap-servers", "localhost:9092", "--action", "tcp")
                        .problems())
                .anyMatch(p -> p.startsWith("--action-port"));
    }

    @Test
    void hooksMustFillWholeRunsAndTheHeapMustLookLikeXmx() {
        assertThat(with("--embedded", "--hooks", "10", "--hooks-per-run", "3").problems())
                .anyMatch(p -> p.startsWith("--hooks:"));
        assertThat(with("--embedded", "--worker-processes", "1", "--worker-heap", "lots")
                        .problems())
                .anyMatch(p -> p.startsWith("--worker-heap"));
    }

    @Test
    void printTemplatesWritesEveryTemplateWithThePort() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        LoadTestCommand command = new LoadTestCommand(new java.io.PrintStream(out, true), System.err);
        int exit = new picocli.CommandLine(command).execute("--print-templates", "--action-port", "17070");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("name: loadtest-tcp")
                .contains("name: loadtest-http")
                .contains("name: loadtest-exec")
                .contains("name: loadtest-echo")
                .contains("port: 17070");
    }
}
