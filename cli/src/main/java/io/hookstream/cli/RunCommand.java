package io.hookstream.cli;

import io.hookstream.cli.internal.HookLine;
import io.hookstream.cli.internal.HttpRunTransport;
import io.hookstream.cli.internal.KafkaRunTransport;
import io.hookstream.cli.internal.RunProgress;
import io.hookstream.cli.internal.RunReport;
import io.hookstream.cli.internal.RunRequests;
import io.hookstream.cli.internal.RunTransport;
import io.hookstream.cli.internal.WaitTimeout;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hookstream run}: submits a run request (from a file, stdin or flags) as an orchestrator does, prints its
 * run id and, with {@code --wait}, each hook as it finishes and the outcome. Exit code 0 when the run Succeeded
 * (or was submitted, without {@code --wait}), 1 when it Failed, was Cancelled or Rejected, 2 on a usage error, 3
 * when the wait timed out, 4 when Kafka or the dispatcher cannot be reached.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Submit a run of hooks, as an orchestrator does, and optionally wait for its outcome.",
            "Exit code: 0 Succeeded (or submitted, without --wait), 1 Failed, Cancelled or Rejected, 2 usage "
                    + "error, 3 timed out waiting, 4 Kafka or the dispatcher unreachable."
        })
public final class RunCommand implements Callable<Integer> {

    /** How {@code run} talks to hookstream. */
    public enum Via {
        kafka,
        http
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection = new Connection();

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "A JSON run request (README: Run requests); - reads stdin. Not with the request flags.")
    String file;

    @Option(names = "--phase", description = "pre-backup, post-backup, pre-restore or post-restore.")
    String phase;

    @Option(
            names = "--invoker",
            paramLabel = "NS/KIND/NAME",
            description = "The invoker, e.g. demo/BackupConfiguration/mysql-backup (KIND may be Kind.group; the group "
                    + "defaults to core.kubestash.com). Its namespace is the session's.")
    String invoker;

    @Option(
            names = "--target",
            paramLabel = "NS/KIND/NAME",
            description = "The session's target, e.g. demo/StatefulSet.apps/mysql (optional).")
    String target;

    @Option(
            names = "--session",
            paramLabel = "NAME",
            description = "The session name (default INVOKER-NAME-EPOCHSECONDS).")
    String session;

    @Option(
            names = "--hook",
            paramLabel = "NAME=TEMPLATE",
            description = "A hook, in order (repeatable); TEMPLATE is NS/NAME or NAME in the invoker's namespace.")
    List<String> hooks = new ArrayList<>();

    @Option(
            names = "--param",
            paramLabel = "[HOOK:]KEY=VALUE",
            description = "A param for every hook, or for HOOK only (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(
            names = "--hook-timeout",
            paramLabel = "DURATION",
            description = "Timeout of each hook (default: the " + "dispatcher's, 5m).")
    String hookTimeout;

    @Option(names = "--max-retry", paramLabel = "N", description = "Retries of each hook (default 0).")
    Integer maxRetry;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "The run id (default: the file's runId, else a new UUID). A repeated id is the same run.")
    String runId;

    @Option(
            names = "--wait",
            arity = "0..1",
            fallbackValue = "5m",
            paramLabel = "TIMEOUT",
            description = "Wait for the outcome, at most TIMEOUT (default 5m when given without a value).")
    String wait;

    @Option(
            names = "--via",
            defaultValue = "kafka",
            paramLabel = "kafka|http",
            description =
                    "Submit on the requests topic (kafka, default) or with POST /v1/runs to the dispatcher (http).")
    Via via;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "table, json or yaml (json/yaml print the outcome record). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--dry-run", description = "Print the request (secret params masked) and submit nothing.")
    boolean dryRun;

    InputStream stdin = System.in;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        RunRequest request = RunRequests.withRunId(request(), runId);
        Duration timeout = WaitTimeout.parse(wait);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun) {
            new Output(output == OutputFormat.table ? OutputFormat.json : output, out)
                    .object(RunRequests.masked(request), List.of(), List.of());
            return 0;
        }
        RunReport report = new RunReport(output, out, err);
        try (RunTransport transport = transport(timeout != null, err)) {
            RunOutcome known = transport.submit(request);
            report.submitted(request.runId(), timeout != null);
            if (known != null) {
                report.outcome(known);
                return exitCode(known);
            }
            if (timeout == null) {
                return 0;
            }
            RunProgress progress = new RunProgress(
                    err,
                    request.runId(),
                    request.hooks() == null ? 0 : request.hooks().size());
            RunOutcome outcome = transport.await(request.runId(), timeout, new RunTransport.Listener() {
                @Override
                public void hook(HookLine hook) {
                    progress.hookFinished();
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
                        "run " + request.runId() + " did not finish within "
                                + GoDuration.format(timeout) + "; it may still be running: see its state later with "
                                + "`hookstream runs get " + request.runId() + "`");
            }
            report.outcome(outcome);
            return exitCode(outcome);
        }
    }

    private RunRequest request() {
        boolean flags = phase != null
                || invoker != null
                || target != null
                || session != null
                || !hooks.isEmpty()
                || !params.isEmpty()
                || hookTimeout != null
                || maxRetry != null;
        if (file != null && flags) {
            throw usage("-f and the request flags (--phase, --invoker, --target, --session, --hook, --param, "
                    + "--hook-timeout, --max-retry) cannot be combined: put everything in the file, or use flags");
        }
        if (file != null) {
            return RunRequests.read(file, stdin);
        }
        if (!flags) {
            throw usage("no run request: give -f FILE (- for stdin), or --phase, --invoker and --hook");
        }
        return RunRequests.fromFlags(phase, invoker, target, session, hooks, params, hookTimeout, maxRetry, clock);
    }

    private RunTransport transport(boolean watch, PrintWriter err) {
        if (via == Via.http) {
            return new HttpRunTransport(connection.dispatcherUrl(), connection.apiToken(), err);
        }
        return new KafkaRunTransport(
                connection.bootstrapServers(), connection.topics(), connection.kafka("hookstream-cli-run"), watch);
    }

    private static int exitCode(RunOutcome outcome) {
        return outcome.status() == RunStatus.Succeeded ? 0 : 1;
    }

    private static CliException usage(String message) {
        return new CliException("InvalidOption", 2, message);
    }
}
