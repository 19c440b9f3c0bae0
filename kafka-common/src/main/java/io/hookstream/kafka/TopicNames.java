package io.hookstream.kafka;

import io.hookstream.schemas.event.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The topics of one hookstream installation, all named by one prefix (default {@value #DEFAULT_PREFIX}):
 * {@code requests}, {@code hooks.<phase>} for each phase, {@code results}, {@code runs} and {@code dlq}.
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

    /** Every topic, in the order of the flow. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(requests());
        all.addAll(allHooks());
        all.add(results());
        all.add(runs());
        all.add(dlq());
        return List.copyOf(all);
    }
}
