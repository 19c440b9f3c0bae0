package io.hookstream.cli;

import io.hookstream.cli.internal.OnInterrupt;
import io.hookstream.cli.internal.ResultEntry;
import io.hookstream.cli.internal.ResultFilter;
import io.hookstream.cli.internal.Since;
import io.hookstream.cli.internal.TopicReader;
import io.hookstream.schemas.event.HookStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookstream results}: hook results from the results topic, read committed, without a consumer group (it
 * never disturbs the dispatcher's offsets). Without {@code --follow} it reads up to the end offsets taken at
 * start and exits 0; with {@code --follow} it goes on printing new results until Ctrl-C, then exits 0.
 */
@Command(
        name = "results",
        mixinStandardHelpOptions = true,
        description = "Show hook results from the results topic (read_committed, no consumer group).")
public final class ResultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection = new Connection();

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new results until interrupted (Ctrl-C).")
    boolean follow;

    @Option(names = "--run", paramLabel = "ID", description = "Only this run's results.")
    String runId;

    @Option(
            names = "--status",
            paramLabel = "STATUS",
            description = "Only results with this status: Succeeded, Failed, TimedOut, Cancelled, Skipped, or ? for"
                    + " records that are no readable result.")
    String status;

    @Option(names = "--hook", paramLabel = "NAME", description = "Only results of hooks of this name.")
    String hook;

    @Option(
            names = "--since",
            paramLabel = "SPAN|TIME",
            defaultValue = "1h",
            description = "Start at results written since then: a span back from now (30m, 1h, 7d) or a time"
                    + " (2026-11-27T05:00:00Z). Default: ${DEFAULT-VALUE}.")
    String since;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json (one result per line) or yaml (one document per result).")
    OutputFormat format;

    private Clock clock = Clock.systemUTC();
    private volatile TopicReader reader;
    private volatile boolean stopRequested;

    /** For tests: the clock {@code --since} counts back from. */
    public ResultsCommand withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Ends a running {@code --follow} as Ctrl-C does: the command returns 0. Safe from any thread. */
    public void stop() {
        stopRequested = true;
        TopicReader current = reader;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public Integer call() {
        String wantedStatus = status == null ? null : validStatus(status);
        Since from = Since.parse(since, clock);
        ResultFilter filter = new ResultFilter(runId, wantedStatus, hook, from.instant());
        Output output = new Output(format, spec.commandLine().getOut());
        String topic = connection.topics().results();
        try (TopicReader opened = TopicReader.open(connection.kafka("hookstream-cli-results"), topic, true, null);
                OnInterrupt ignored = follow ? OnInterrupt.run(this::stop) : null) {
            reader = opened;
            if (stopRequested) {
                return 0;
            }
            opened.seek(from.instant());
            if (follow) {
                if (output.format() == OutputFormat.table) {
                    output.row(ResultEntry.HEADER, ResultEntry.WIDTHS);
                }
                opened.follow(record -> stream(output, filter, record));
            } else {
                List<ResultEntry> shown = new ArrayList<>();
                opened.readToEnd(record -> {
                    ResultEntry entry = ResultEntry.of(record);
                    if (filter.test(entry)) {
                        shown.add(entry);
                    }
                });
                shown.sort(ResultEntry.BY_TIME);
                if (output.format() == OutputFormat.table) {
                    output.table(
                            ResultEntry.HEADER,
                            shown.stream().map(ResultEntry::row).toList());
                    if (shown.isEmpty()) {
                        spec.commandLine()
                                .getErr()
                                .println("no results " + from.describe() + " on " + topic
                                        + " match; widen --since or drop filters");
                        spec.commandLine().getErr().flush();
                    }
                } else {
                    shown.forEach(entry -> output.item(entry.json()));
                }
            }
            return 0;
        } finally {
            reader = null;
        }
    }

    private static void stream(Output output, ResultFilter filter, ConsumerRecord<byte[], byte[]> record) {
        ResultEntry entry = ResultEntry.of(record);
        if (!filter.test(entry)) {
            return;
        }
        if (output.format() == OutputFormat.table) {
            output.row(entry.row(), ResultEntry.WIDTHS);
        } else {
            output.item(entry.json());
        }
    }

    private static String validStatus(String value) {
        if (value.equals(ResultEntry.MALFORMED)) {
            return value;
        }
        return Arrays.stream(HookStatus.values())
                .filter(HookStatus::isTerminal)
                .filter(s -> s.name().equalsIgnoreCase(value))
                .map(HookStatus::name)
                .findFirst()
                .orElseThrow(() -> new CliException(
                        "InvalidOption",
                        2,
                        "--status '" + value + "' is not one of "
                                + Arrays.stream(HookStatus.values())
                                        .filter(HookStatus::isTerminal)
                                        .map(HookStatus::name)
                                        .collect(Collectors.joining(", "))
                                + ", ?"));
    }
}
