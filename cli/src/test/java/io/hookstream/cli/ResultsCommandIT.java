package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithEmbeddedKafka
class ResultsCommandIT {

    private String bootstrap;
    private String prefix;

    @BeforeEach
    void topics(EmbeddedKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        PlainKafka.createTopics(bootstrap, 3, prefix + "results");
    }

    static HookResult result(String runId, String hook, HookStatus status, String reason, String stdout) {
        Instant now = Instant.now();
        return new HookResult(
                runId + "/" + hook,
                runId,
                Phase.PRE_BACKUP,
                0,
                hook,
                new TemplateRef("t", "demo"),
                null,
                ExecutorType.Operator,
                status,
                reason,
                null,
                1,
                now.minusMillis(1500),
                now,
                1500,
                List.of(new TargetResult("operator", status == HookStatus.Succeeded ? 0 : 1, null, stdout, "", null)));
    }

    private void produce(HookResult result) {
        PlainKafka.produce(bootstrap, prefix + "results", result.runId(), TopicFixtures.json(result), Map.of());
    }

    private CapturedRun results(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--bootstrap-servers";
        all[1] = bootstrap;
        all[2] = "--topic-prefix";
        all[3] = prefix;
        System.arraycopy(args, 0, all, 4, args.length);
        return CapturedRun.of(new ResultsCommand(), all);
    }

    @Test
    void withoutFollowPrintsTheExistingResultsAsATableAndExits() {
        produce(result("run-a", "flush", HookStatus.Succeeded, null, "ok"));
        produce(result("run-b", "lock", HookStatus.Failed, "NonZeroExit", "boom"));

        CapturedRun run = results();

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TIME").contains("RUN", "HOOK", "STATUS", "REASON", "DURATION", "TARGET");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).as("oldest first").contains("run-a");
        assertThat(run.out())
                .contains("run-a")
                .contains("flush")
                .contains("Succeeded")
                .contains("1.5s")
                .contains("operator exit=0");
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line).contains("run-b", "lock", "Failed", "NonZeroExit", "operator exit=1"));
    }

    @Test
    void aMalformedRecordIsARowWithStatusQuestionMarkAndTheReasonNotACrash() {
        PlainKafka.produce(
                bootstrap, prefix + "results", "run-x", "{not json".getBytes(StandardCharsets.UTF_8), Map.of());
        produce(result("run-y", "flush", HookStatus.Succeeded, null, "ok"));

        CapturedRun run = results();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines())
                .anySatisfy(line -> assertThat(line).contains("run-x", " ? ", "MalformedRecord", "not a hook result"));
        assertThat(run.out()).contains("run-y");

        CapturedRun json = results("--status", "?", "-o", "json");
        assertThat(json.out().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("\"status\":\"?\"")
                        .contains("\"reason\":\"MalformedRecord\"")
                        .contains("\"runId\":\"run-x\""));
    }

    @Test
    void filtersByRunStatusAndHook() {
        produce(result("run-1", "flush", HookStatus.Succeeded, null, "ok"));
        produce(result("run-1", "lock", HookStatus.Failed, "NonZeroExit", "no"));
        produce(result("run-2", "flush", HookStatus.Failed, "NonZeroExit", "no"));

        assertThat(results("--run", "run-1").out()).contains("lock").doesNotContain("run-2");
        assertThat(results("--status", "failed").out())
                .contains("run-2")
                .contains("lock")
                .doesNotContain("Succeeded");
        assertThat(results("--hook", "flush", "--run", "run-2").out().lines())
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("run-2", "flush"));
        CapturedRun json = results("--run", "run-1", "-o", "json");
        assertThat(json.out().lines())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("{").contains("\"runId\":\"run-1\""));
        CapturedRun yaml = results("--run", "run-2", "-o", "yaml");
        assertThat(yaml.out()).startsWith("---\n").contains("runId: \"run-2\"").contains("stdout: \"no\"");
    }

    @Test
    void sinceStartsAtResultsWrittenSinceThen() throws Exception {
        Instant now = Instant.now();
        TopicFixtures.produceAt(
                bootstrap,
                prefix + "results",
                "old-run",
                TopicFixtures.json(result("old-run", "flush", HookStatus.Succeeded, null, "")),
                now.minus(Duration.ofHours(3)));
        TopicFixtures.produceAt(
                bootstrap,
                prefix + "results",
                "new-run",
                TopicFixtures.json(result("new-run", "flush", HookStatus.Succeeded, null, "")),
                now.minus(Duration.ofMinutes(10)));

        assertThat(results().out()).contains("new-run").doesNotContain("old-run");
        assertThat(results("--since", "4h").out()).contains("new-run").contains("old-run");
        assertThat(results("--since", now.minus(Duration.ofMinutes(5)).toString())
                        .out())
                .doesNotContain("new-run")
                .doesNotContain("old-run");
        CapturedRun later = CapturedRun.of(
                new ResultsCommand().withClock(Clock.fixed(now.plus(Duration.ofHours(2)), ZoneOffset.UTC)),
                "--bootstrap-servers",
                bootstrap,
                "--topic-prefix",
                prefix);
        assertThat(later.out()).doesNotContain("new-run");
        assertThat(later.err()).contains("no results in the last 1h");
    }

    @Test
    void followPrintsAResultProducedAfterStartAndStopsWithExitZero() throws Exception {
        produce(result("before", "flush", HookStatus.Succeeded, null, ""));
        ResultsCommand command = new ResultsCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cli.execute(
                command,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "--bootstrap-servers",
                bootstrap,
                "--topic-prefix",
                prefix,
                "--follow"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(out.toString()).contains("before"));
        produce(result("after", "lock", HookStatus.TimedOut, "DeadlineExceeded", ""));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(out.toString())
                        .contains("after")
                        .contains("TimedOut")
                        .contains("DeadlineExceeded"));
        assertThat(exit).isNotDone();

        command.stop();

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString().lines().findFirst())
                .hasValueSatisfying(h -> assertThat(h).startsWith("TIME"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMissingTopicOrABadOptionIsOneLineAndANonZeroExit() {
        CapturedRun missing = CapturedRun.of(
                new ResultsCommand(), "--bootstrap-servers", bootstrap, "--topic-prefix", "nothing-here.");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("topic nothing-here.results does not exist")
                        .contains("--topic-prefix"));

        CapturedRun badStatus = results("--status", "Great");
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.err())
                .contains("--status 'Great' is not one of Succeeded, Failed, TimedOut, Cancelled, Skipped");

        CapturedRun badSince = results("--since", "yesterday");
        assertThat(badSince.exitCode()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since 'yesterday'");
    }
}
