package io.hookstream.cli;

import io.hookstream.cli.internal.RunDetails;
import io.hookstream.cli.internal.RunLookup;
import io.hookstream.cli.internal.Since;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hookstream runs get ID}: a run's outcome and each hook's result with its stdout/stderr tails. The source is
 * Kafka: the outcome from the runs topic, the results from the results topic (both read committed, only the run's
 * partition). The dispatcher's HTTP API is not asked: Kafka keeps runs for the topics' retention, works with any
 * number of dispatchers and needs no dispatcher to be up. {@code hookstream runs cancel ID} is
 * {@link RunsCancelCommand}.
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "Look at runs, cancel one.",
        subcommands = {RunsCommand.Get.class, RunsCancelCommand.class})
public final class RunsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code runs get ID}. */
    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "A run's outcome (runs topic) and each hook's result with its output tails (results topic)."
                    + " Exit 0 when found, 1 when not.")
    public static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection = new Connection();

        @Parameters(paramLabel = "ID", description = "The run id.")
        String runId;

        @Option(
                names = "--since",
                paramLabel = "SPAN|TIME",
                defaultValue = "24h",
                description = "How far back to look: a span (24h, 7d) or a time. Default: ${DEFAULT-VALUE}.")
        String since;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                defaultValue = "table",
                description = "table, json or yaml.")
        OutputFormat format;

        private Clock clock = Clock.systemUTC();

        /** For tests: the clock {@code --since} counts back from. */
        public Get withClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public Integer call() {
            Since from = Since.parse(since, clock);
            RunLookup.Found found =
                    RunLookup.find(connection.kafka("hookstream-cli-runs"), connection.topics(), runId, from.instant());
            if (!found.exists()) {
                throw new CliException(
                        "RunNotFound",
                        1,
                        "no run " + runId + " " + from.describe() + " of "
                                + connection.topics().runs() + "; try --since 7d");
            }
            RunDetails.print(found, format, spec.commandLine().getOut());
            return 0;
        }
    }
}
