package io.hookstream.kafka;

import io.hookstream.schemas.event.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The topics of one hookstream installation, all named by one prefix (default {@value #DEFAULT_PREFIX}):
 * {@code requests}, {@code hooks.<phase>} for each phase, {@code results}, {@code runs} and {@code dlq}, and the
 * internal {@code dispatcher-state} and {@code claims}.
 */
public record TopicNames(String prefix) {

    public static final String DEFAULT_PREFIX = "hookstream.";

    public TopicNames {
        if (prefix == null) {
            prefix = DEFAULT_PREFIX;
        }
    }

    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_PREFIX);
    }

    public String requests() {
        return prefix + "requests";
    }

    public String hooks(Phase phase) {
        return prefix + "hooks." + phase.wireName();
    }

    public List<String> allHooks() {
        return Arrays.stream(Phase.values()).map(this::hooks).toList();
    }

    public String results() {
        return prefix + "results";
    }

    public String runs() {
        return prefix + "runs";
    }

    public String dlq() {
        return prefix + "dlq";
    }

    /** The dispatcher's run state (compacted, keyed by run id); internal to the dispatcher. */
    public String dispatcherState() {
        return prefix + "dispatcher-state";
    }

    /**
     * The workers' claims on running hooks (keyed by the claimed record, one partition per hook-topic partition
     * number); internal to the workers (docs/delivery.md).
     */
    public String claims() {
        return prefix + "claims";
    }

    /**
     * Cancels of runs as the dispatcher forwards them to the workers (keyed by run id); every worker reads every
     * partition (docs/orchestrators.md, "Cancelling a run").
     */
    public String cancels() {
        return prefix + "cancels";
    }

    /**
     * Settings of topics that need more than the broker's defaults: the dispatcher's state is compacted (the
     * latest snapshot of each run) and also expires after 7 days, so old runs do not pile up; claims are read at
     * most a few minutes back, so an hour of them is kept, in small segments; a day of cancels is kept, and
     * a worker reads them a day back when it starts.
     */
    public Map<String, Map<String, String>> configs() {
        return Map.of(
                dispatcherState(),
                Map.of("cleanup.policy", "compact,delete", "retention.ms", "604800000"),
                claims(),
                Map.of("cleanup.policy", "delete", "retention.ms", "3600000", "segment.ms", "600000"),
                cancels(),
                Map.of("cleanup.policy", "delete", "retention.ms", "86400000", "segment.ms", "3600000"));
    }

    /**
     * The topics the dispatcher uses, which it provisions at start-up: all but the workers' claims (the workers
     * provision those), so that its least ACLs need nothing on a topic it never touches.
     */
    public List<String> ofDispatcher() {
        return all().stream().filter(t -> !t.equals(claims())).toList();
    }

    /**
     * The topics a worker uses, which it provisions at start-up: the hook topics, results, dlq, claims and
     * cancels; not requests, runs or the dispatcher's state, which it never touches.
     */
    public List<String> ofWorker() {
        List<String> used = new ArrayList<>(allHooks());
        used.addAll(List.of(results(), dlq(), claims(), cancels()));
        return List.copyOf(used);
    }

    /** Every topic, in the order of the flow. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(requests());
        all.addAll(allHooks());
        all.add(results());
        all.add(runs());
        all.add(dlq());
        all.add(dispatcherState());
        all.add(claims());
        all.add(cancels());
        return List.copyOf(all);
    }
}
