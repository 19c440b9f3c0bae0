package io.hookstream.cli.internal;

import io.hookstream.kafka.Partitioning;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Finds one run on Kafka: its outcome on the runs topic and its hooks' results on the results topic. Records are
 * keyed by run id, so only the run's partition of each topic is read (from {@code since} to the end offsets).
 */
public final class RunLookup {

    private RunLookup() {}

    /** What was found: the last outcome (null when none yet), one result per hook (the last), unreadable records. */
    public record Found(String runId, RunOutcome outcome, List<HookResult> results, List<ResultEntry> malformed) {

        public boolean exists() {
            return outcome != null || !results.isEmpty() || !malformed.isEmpty();
        }
    }

    public static Found find(Properties common, TopicNames topics, String runId, Instant since) {
        RunOutcome[] outcome = new RunOutcome[1];
        List<ResultEntry> malformed = new ArrayList<>();
        try (TopicReader runs = TopicReader.open(
                common, topics.runs(), true, partitions -> Set.of(Partitioning.partitionFor(runId, partitions)))) {
            runs.seek(since).readToEnd(record -> {
                if (record.value() == null
                        || record.key() == null
                        || !runId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    return;
                }
                try {
                    RunOutcome read = Json.mapper().readValue(record.value(), RunOutcome.class);
                    if (runId.equals(read.runId())) {
                        outcome[0] = read;
                    }
                } catch (IOException | RuntimeException e) {
                    malformed.add(ResultEntry.of(record));
                }
            });
        }
        Map<Integer, HookResult> byHook = new LinkedHashMap<>();
        try (TopicReader results = TopicReader.open(
                common, topics.results(), true, partitions -> Set.of(Partitioning.partitionFor(runId, partitions)))) {
            results.seek(since).readToEnd(record -> {
                ResultEntry entry = ResultEntry.of(record);
                if (!runId.equals(entry.runId())) {
                    return;
                }
                if (entry.malformed()) {
                    malformed.add(entry);
                } else {
                    byHook.put(entry.result().hookIndex(), entry.result());
                }
            });
        }
        List<HookResult> ordered = byHook.values().stream()
                .sorted(Comparator.comparingInt(HookResult::hookIndex))
                .toList();
        return new Found(runId, outcome[0], ordered, malformed);
    }
}
