package io.hookstream.cli;

import io.hookstream.cli.internal.CancelAnswer;
import io.hookstream.cli.internal.CancelReport;
import io.hookstream.cli.internal.HookLine;
import io.hookstream.cli.internal.HttpRunTransport;
import io.hookstream.cli.internal.KafkaRunTransport;
import io.hookstream.cli.internal.RunProgress;
import io.hookstream.cli.internal.RunRequests;
import io.hookstream.cli.internal.RunTransport;
import io.hookstream.cli.internal.Since;
import io.hookstream.cli.internal.WaitTimeout;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hookstream runs cancel ID}: stops a run as an orchestrator does — a cancel on the requests topic (default)
 * or {@code POST /v1/runs/{id}/cancel} ({@code --via http}) — and with {@code --wait} waits for the run's outcome.
 * Exit codes as {@code run}'s: 0 the cancel was requested (or the run ended, or had ended, Cancelled), 1 the run is
 * unknown (HTTP) or ended otherwise than Cancelled, 2 usage error, 3 the wait ran out, 4 Kafka or the dispatcher
 * unreachable.
 */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Cancel a run: the hook running is stopped, the hooks after it are skipped, the run ends " + "Cancelled.",
            "Exit code: 0 cancel requested (with --wait: the run ended Cancelled), 1 run unknown (--via http) or "
                    + "it finished otherwise (nothing cancelled), 2 usage error, 3 timed out waiting, 4 Kafka or "
                    + "the dispatcher unreachable."
        })
public final class RunsCancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection = new Connection();

    @Parameters(paramLabel = "ID", description = "The run id.")
    String runId;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, for the run's outcome and the logs (e.g. \"backup aborted by the user\").")
    String reason;

    @Option(
            names = "--requested-by",
            paramLabel = "NAME",
            description = "Who asks (default: the OS user name, ${sys:user.name}).")
    String requestedBy;

    @Option(
            names = "--wait",
            arity = "0..1",
            fallbackValue = "5m",
            paramLabel = "TIMEOUT",
            description = "Wait for the run's outcome, at most TIMEOUT (default 5m when given without a value).")
    String wait;

    @Option(
            names = "--via",
            defaultValue = "kafka",
            paramLabel = "kafka|http",
            description = "Publish the cancel on the requests topic (kafka, default) or POST /v1/runs/ID/cancel to "
                    + "the dispatcher (http).")
    RunCommand.Via via;

    @Option(
            names = "--since",
            paramLabel = "SPAN|TIME",
            defaultValue = "24h",
            description = "Over Kafka: how far back the runs topic is read for the run's outcome (a finished run is"
                    + " not cancelled). Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "table, json or yaml (json/yaml print {runId, status, cancel, message, run}). "
                    + "Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (!RunRequests.RUN_ID.matcher(runId).matches()) {
            throw new CliException(
                    "InvalidOption",
                    2,
                    "run id '" + runId + "' is invalid: run ids are letters, "
                            + "digits and . _ : - (at most 200, starting with a letter or digit)");
        }
        Duration timeout = WaitTimeout.parse(wait);
        Since from = Since.parse(since, clock);
        CancelRequest cancel = new CancelRequest(runId, blankToNull(reason), requestedBy(), clock.instant());
        PrintWriter err = spec.commandLine().getErr();
        CancelReport report = new CancelReport(output, spec.commandLine().getOut(), err);
        try (RunTransport transport = transport(timeout != null, err)) {
            CancelAnswer answer = transport.cancel(cancel, from);
            report.answer(answer, timeout != null);
            if (answer.kind() == CancelAnswer.Kind.NotNeeded) {
                return answer.status() == RunStatus.Cancelled ? 0 : 1;
            }
            if (timeout == null) {
                return 0;
            }
            RunProgress progress = new RunProgress(err, runId, -1);
            RunOutcome outcome = transport.await(runId, timeout, new RunTransport.Listener() {
                @Override
                public void hook(HookLine hook) {
                    report.hook(hook);
                }

                @Override
                public void waiting(Duration elapsed) {
                    progress.waiting(elapsed);
                }
            });
            if (outcome == null) {
                throw new CliException(
                        "Timeout",
                        3,
                        "run " + runId + " did not end within "
                                + GoDuration.format(timeout)
                                + " of the cancel; the cancel stands and the run may still be"
                                + " stopping: see it later with `hookstream runs get " + runId + "`"
                                + (answer.kind() == CancelAnswer.Kind.Published
                                        ? " (over Kafka a run id nobody submitted looks the same: --via http tells them apart)"
                                        : ""));
            }
            report.outcome(answer, outcome);
            return outcome.status() == RunStatus.Cancelled ? 0 : 1;
        }
    }

    private String requestedBy() {
        String given = blankToNull(requestedBy);
        return given != null ? given : blankToNull(System.getProperty("user.name"));
    }

    private RunTransport transport(boolean watch, PrintWriter err) {
        if (via == RunCommand.Via.http) {
            return new HttpRunTransport(connection.dispatcherUrl(), connection.apiToken(), err);
        }
        return new KafkaRunTransport(
                connection.bootstrapServers(), connection.topics(), connection.kafka("hookstream-cli-cancel"), watch);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
