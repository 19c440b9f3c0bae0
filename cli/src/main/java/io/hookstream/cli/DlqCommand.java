package io.hookstream.cli;

import io.hookstream.cli.internal.DeadLetter;
import io.hookstream.cli.internal.DeadLetterFilter;
import io.hookstream.cli.internal.DeadLetters;
import io.hookstream.cli.internal.DlqReplay;
import io.hookstream.cli.internal.Since;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookstream dlq list} and {@code hookstream dlq replay}: the dead-letter topic, and republishing dead
 * letters to the topics they came from, each at most once (recorded in the compacted {@code <prefix>dlq-replayed}
 * topic in the same Kafka transaction as the republished record).
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Look at and replay dead letters.",
        subcommands = {DlqCommand.ListDeadLetters.class, DlqCommand.Replay.class})
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code dlq list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Dead letters with their reason, origin topic-partition@offset and time.")
    public static final class ListDeadLetters implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection = new Connection();

        @Mixin
        DeadLetterSelection selection = new DeadLetterSelection();

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                defaultValue = "table",
                description = "table, json (one dead letter per line) or yaml.")
        OutputFormat format;

        private Clock clock = Clock.systemUTC();

        public ListDeadLetters withClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public Integer call() {
            DeadLetterFilter filter = selection.filter();
            Since from = selection.from(clock);
            List<DeadLetter> letters = DeadLetters.read(
                    connection.kafka("hookstream-cli-dlq"), connection.topics().dlq(), from.instant(), filter);
            Output output = new Output(format, spec.commandLine().getOut());
            if (output.format() == OutputFormat.table) {
                output.table(
                        DeadLetter.HEADER, letters.stream().map(DeadLetter::row).toList());
                if (letters.isEmpty()) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("no dead letters " + from.describe() + " on "
                            + connection.topics().dlq());
                    err.flush();
                }
            } else {
                letters.forEach(letter -> output.item(letter.view()));
            }
            return 0;
        }
    }

    /** {@code dlq replay}. */
    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Republish dead letters to their original topics (same key, value and headers), each at"
                    + " most once. Exit 0 when every matching dead letter is replayed (now or before), 1 when some"
                    + " cannot be (origin topic unknown or gone).")
    public static final class Replay implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection = new Connection();

        @Mixin
        DeadLetterSelection selection = new DeadLetterSelection();

        @Option(names = "--dry-run", description = "Show what would be replayed; change nothing.")
        boolean dryRun;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                defaultValue = "table",
                description = "For --dry-run: table, json or yaml.")
        OutputFormat format;

        private Clock clock = Clock.systemUTC();

        public Replay withClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public Integer call() {
            DeadLetterFilter filter = selection.filter();
            Since from = selection.from(clock);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DlqReplay.Summary summary = new DlqReplay(
                            connection.kafka("hookstream-cli-dlq-replay"), connection.topics(), clock)
                    .run(from.instant(), filter, dryRun, new Output(format, out), err);
            for (DeadLetter letter : summary.unreplayable()) {
                err.println("cannot replay " + letter.id() + ": origin topic "
                        + (letter.originTopic() == null
                                ? "unknown (no " + "hookstream.dlq.origin.topic header)"
                                : letter.originTopic() + " does not exist"));
            }
            err.flush();
            out.println(summary.line());
            out.flush();
            return summary.unreplayable().isEmpty() ? 0 : 1;
        }
    }
}
