package io.hookstream.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.cli.OutputFormat;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.HookOutcome;
import io.hookstream.schemas.event.HookStatus;
import io.hookstream.schemas.event.Phase;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code runs cancel} prints for each answer; the dispatcher's rarer answers are built here. */
class CancelReportTest {

    private static final Instant AT = Instant.parse("2026-12-06T06:00:00.123Z");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static RunOutcome running(CancelRequest cancellation) {
        return new RunOutcome(
                "run-1",
                Phase.PRE_BACKUP,
                null,
                null,
                RunStatus.Running,
                null,
                null,
                null,
                List.of(
                        new HookOutcome(0, "flush", "run-1/0", null, HookStatus.Succeeded, null, null, 1, 20L),
                        new HookOutcome(1, "dump", "run-1/1", null, HookStatus.Running, null, null, 1, null)),
                AT,
                null,
                null,
                cancellation);
    }

    @Test
    void aCancelRequestedBeforeSaysByWhomAndWhen() {
        CancelAnswer answer = new CancelAnswer(
                "run-1",
                CancelAnswer.Kind.AlreadyRequested,
                running(new CancelRequest("run-1", "disk full", "ops", AT)),
                null);

        new CancelReport(OutputFormat.table, new PrintWriter(out), new PrintWriter(err)).answer(answer, false);

        assertThat(out.toString())
                .isEqualTo("run run-1 is being cancelled already: cancelled by ops: disk full at "
                        + "2026-12-06T06:00:00Z (hook 'dump' is running; it is stopped, the hooks after it skipped)\n");
        assertThat(err.toString()).contains("follow it with `hookstream runs get run-1`");
    }

    @Test
    void jsonIsTheDispatchersAnswerShape() throws Exception {
        CancelAnswer answer = new CancelAnswer("run-1", CancelAnswer.Kind.Requested, running(null), null);

        new CancelReport(OutputFormat.json, new PrintWriter(out), new PrintWriter(err)).answer(answer, false);

        JsonNode record = Json.mapper().readTree(out.toString());
        assertThat(record.path("runId").asText()).isEqualTo("run-1");
        assertThat(record.path("status").asText()).isEqualTo("Running");
        assertThat(record.path("cancel").asText()).isEqualTo("Requested");
        assertThat(record.at("/run/hooks/1/status").asText()).isEqualTo("Running");
    }

    @Test
    void aRunThatFinishedOtherwiseAfterTheWaitSaysNothingWasCancelled() {
        CancelAnswer answer = new CancelAnswer("run-1", CancelAnswer.Kind.Requested, running(null), null);
        RunOutcome succeeded = new RunOutcome(
                "run-1",
                Phase.PRE_BACKUP,
                null,
                null,
                RunStatus.Succeeded,
                null,
                null,
                null,
                List.of(),
                AT,
                AT,
                5L,
                new CancelRequest("run-1", null, "ops", AT));

        new CancelReport(OutputFormat.table, new PrintWriter(out), new PrintWriter(err)).outcome(answer, succeeded);

        assertThat(out.toString())
                .endsWith("run run-1 Succeeded\nnothing was cancelled: run run-1 finished "
                        + "Succeeded before the cancel could stop it\n");
    }
}
