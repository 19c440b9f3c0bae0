package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.ObjectReference;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.event.TargetResult;
import io.hookstream.schemas.event.TemplateRef;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.testing.PlainKafka;
import io.hookstream.testing.WithEmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@WithEmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsCommandIT {

    private static final String PREFIX = "runs-it.";
    private String bootstrap;

    @BeforeAll
    void topics(EmbeddedKafkaBroker broker) {
        bootstrap = broker.bootstrapServers();
        PlainKafka.createTopics(bootstrap, 4, PREFIX + "runs", PREFIX + "results");
    }

    private CapturedRun get(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "get";
        all[1] = "--bootstrap-servers";
        all[2] = bootstrap;
        all[3] = "--topic-prefix";
        all[4] = PREFIX;
        System.arraycopy(args, 0, all, 5, args.length);
        return CapturedRun.of(new RunsCommand(), all);
    }

    private static HookResult result(
            String runId, int index, String hook, HookStatus status, String reason, String stdout, String stderr) {
        Instant now = Instant.now();
        return new HookResult(
                runId + "/" + index,
                runId,
                Phase.PRE_BACKUP,
                index,
                hook,
                new TemplateRef("mysql-" + hook, "demo"),
                null,
                ExecutorType.Operator,
                status,
                reason,
                null,
                1,
                now.minusMillis(200),
                now,
                200,
                List.of(new TargetResult(
                        "operator", status == HookStatus.Succeeded ? 0 : 3, null, stdout, stderr, null)));
    }

    private void produce(String topic, String runId, Object event) {
        PlainKafka.produce(bootstrap, PREFIX + topic, runId, TopicFixtures.json(event), Map.of());
    }

    @Test
    void getShowsTheOutcomeAndEachHooksOutputTails() throws Exception {
        String runId = "run-" + UUID.randomUUID();
        Instant now = Instant.now();
        produce("results", runId, result(runId, 0, "flush", HookStatus.Succeeded, null, "flushed 12 tables\n", ""));
        produce(
                "results",
                runId,
                result(
                        runId,
                        1,
                        "lock",
                        HookStatus.Failed,
                        "NonZeroExit",
                        "locking\n",
                        "ERROR 1205: lock wait timeout\n"));
        produce("results", "other-run", result("other-run", 0, "flush", HookStatus.Succeeded, null, "not me", ""));
        SessionSummary session = new SessionSummary(
                "mysql-backup-1",
                "demo",
                new ObjectReference("core.kubestash.com", "BackupConfiguration", null, "mysql-backup"),
                null,
                null);
        produce(
                "runs",
                runId,
                new RunOutcome(
                        runId,
                        Phase.PRE_BACKUP,
                        session,
                        null,
                        RunStatus.Failed,
                        "HookFailed",
                        "hook lock failed",
                        null,
                        List.of(
                                new HookOutcome(
                                        0,
                                        "flush",
                                        runId + "/0",
                                        new TemplateRef("mysql-flush", "demo"),
                                        HookStatus.Succeeded,
                                        null,
                                        null,
                                        1,
                                        200L),
                                new HookOutcome(
                                        1,
                                        "lock",
                                        runId + "/1",
                                        new TemplateRef("mysql-lock", "demo"),
                                        HookStatus.Failed,
                                        "NonZeroExit",
                                        "exit code 3",
                                        1,
                                        200L)),
                        now.minusSeconds(1),
                        now,
                        1000L,
                        null));

        CapturedRun run = get(runId);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("RUN       " + runId)
                .contains("STATUS    Failed (HookFailed: hook lock failed)")
                .contains("SESSION   demo/mysql-backup-1 (BackupConfiguration/mysql-backup)")
                .contains("flushed 12 tables")
                .contains("ERROR 1205: lock wait timeout")
                .doesNotContain("not me");
        assertThat(run.out().lines())
                .anySatisfy(line -> assertThat(line).contains("1", "lock", "Failed", "NonZeroExit", "demo/mysql-lock"));
        assertThat(run.out()).contains("hook lock: Failed (NonZeroExit)").contains("target operator exit=3");

        JsonNode json = Json.mapper().readTree(get(runId, "-o", "json").out());
        assertThat(json.path("outcome").path("status").asText()).isEqualTo("Failed");
        assertThat(json.path("results")).hasSize(2);
        assertThat(json.path("results")
                        .get(1)
                        .path("targets")
                        .get(0)
                        .path("stderr")
                        .asText())
                .contains("lock wait timeout");
    }

    @Test
    void aRejectedRunShowsItsProblems() {
        String runId = "rejected-" + UUID.randomUUID();
        produce(
                "runs",
                runId,
                new RunOutcome(
                        runId,
                        Phase.PRE_BACKUP,
                        null,
                        null,
                        RunStatus.Rejected,
                        "MissingParam",
                        "the request is invalid",
                        List.of(new Problem("hooks[0].params.TABLE", "MissingParam", "param TABLE is required")),
                        List.of(),
                        Instant.now(),
                        Instant.now(),
                        0L,
                        null));

        CapturedRun run = get(runId);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Rejected (MissingParam")
                .contains("PROBLEM   MissingParam hooks[0].params.TABLE: param TABLE is required");
    }

    @Test
    void aRunWithResultsButNoOutcomeYetIsShownAsRunning() {
        String runId = "running-" + UUID.randomUUID();
        produce("results", runId, result(runId, 0, "flush", HookStatus.Succeeded, null, "done", ""));

        CapturedRun run = get(runId);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("STATUS    Running (no outcome")
                .contains("flush")
                .contains("done");
    }

    @Test
    void anUnknownRunExitsOneAndSaysWhereItLooked() {
        CapturedRun run = get("no-such-run");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("no run no-such-run in the last 24h of " + PREFIX + "runs; try --since 7d"));
    }

    @Test
    void aRunOlderThanSinceIsNotFound() throws Exception {
        String runId = "old-" + UUID.randomUUID();
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        TopicFixtures.produceAt(
                bootstrap,
                PREFIX + "runs",
                runId,
                TopicFixtures.json(new RunOutcome(
                        runId,
                        Phase.PRE_BACKUP,
                        null,
                        null,
                        RunStatus.Succeeded,
                        null,
                        null,
                        null,
                        List.of(),
                        twoDaysAgo,
                        twoDaysAgo,
                        0L,
                        null)),
                twoDaysAgo);

        assertThat(get(runId).exitCode()).isEqualTo(1);
        CapturedRun wider = get(runId, "--since", "7d");
        assertThat(wider.exitCode()).isZero();
        assertThat(wider.out()).contains("Succeeded");
    }
}
