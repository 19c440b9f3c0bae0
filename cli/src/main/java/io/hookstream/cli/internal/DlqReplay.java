package io.hookstream.cli.internal;

import io.hookstream.cli.Output;
import io.hookstream.cli.OutputFormat;
import io.hookstream.kafka.TopicNames;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * {@code dlq replay}: which matching dead letters are replayed (not yet in the ledger, origin topic known and
 * existing), and the replay itself or, with {@code --dry-run}, the list of what would be replayed.
 */
public final class DlqReplay {

    private final Properties common;
    private final TopicNames topics;
    private final Clock clock;

    public DlqReplay(Properties common, TopicNames topics, Clock clock) {
        this.common = common;
        this.topics = topics;
        this.clock = clock;
    }

    /** What a replay did (or, dry, would do). */
    public record Summary(
            boolean dryRun, int matched, int replayed, int alreadyReplayed, List<DeadLetter> unreplayable) {

        public String line() {
            String text = (dryRun ? "would replay " : "replayed ") + replayed + ", skipped " + alreadyReplayed
                    + " already replayed";
            return unreplayable.isEmpty()
                    ? text
                    : text + ", " + unreplayable.size() + " not replayable (origin topic unknown or gone)";
        }
    }

    public Summary run(Instant since, DeadLetterFilter filter, boolean dryRun, Output output, PrintWriter err) {
        List<DeadLetter> letters = DeadLetters.read(common, topics.dlq(), since, filter);
        String ledger = ReplayLedger.topic(topics);
        Map<String, Integer> partitions = OriginTopics.partitions(
                common,
                letters.stream()
                        .map(DeadLetter::originTopic)
                        .filter(Objects::nonNull)
                        .toList());
        if (dryRun) {
            Plan plan = plan(letters, ReplayLedger.replayed(common, ledger), partitions);
            show(plan.toReplay(), output);
            return new Summary(true, letters.size(), plan.toReplay().size(), plan.already(), plan.unreplayable());
        }
        ReplayLedger.ensure(common, ledger);
        try (Replayer replayer = Replayer.open(common, topics.prefix() + "dlq-replay")) {
            // read the ledger only now: the transactions of any earlier replayer are committed or aborted
            Plan plan = plan(letters, ReplayLedger.replayed(common, ledger), partitions);
            if (plan.toReplay().size() > 100) {
                err.println("replaying " + plan.toReplay().size() + " dead letters ...");
                err.flush();
            }
            int replayed = replayer.replay(plan.toReplay(), partitions, ledger, err, clock);
            return new Summary(false, letters.size(), replayed, plan.already(), plan.unreplayable());
        }
    }

    private record Plan(List<DeadLetter> toReplay, int already, List<DeadLetter> unreplayable) {}

    private static Plan plan(List<DeadLetter> letters, Set<String> replayed, Map<String, Integer> partitions) {
        List<DeadLetter> toReplay = new ArrayList<>();
        List<DeadLetter> unreplayable = new ArrayList<>();
        int already = 0;
        for (DeadLetter letter : letters) {
            if (replayed.contains(letter.id())) {
                already++;
            } else if (letter.originTopic() == null || !partitions.containsKey(letter.originTopic())) {
                unreplayable.add(letter);
            } else {
                toReplay.add(letter);
            }
        }
        return new Plan(toReplay, already, unreplayable);
    }

    private static void show(List<DeadLetter> letters, Output output) {
        if (output.format() == OutputFormat.table) {
            List<String> header = new ArrayList<>(List.of("DEAD LETTER", "REPLAY TO"));
            header.addAll(List.of("REASON", "KEY"));
            output.table(
                    header,
                    letters.stream()
                            .map(l -> List.of(l.id(), l.origin(), nz(l.reason()), nz(l.keyText())))
                            .toList());
            return;
        }
        for (DeadLetter letter : letters) {
            Map<String, Object> view = new LinkedHashMap<>(letter.view());
            view.put("wouldReplayTo", letter.origin());
            output.item(view);
        }
    }

    private static String nz(String value) {
        return value == null ? "-" : value;
    }
}
