package io.hookstream.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.TargetResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of the results topic as the CLI shows it: a {@link HookResult}, or, when the record cannot be
 * read as one, a malformed entry (status {@code ?}) that says why, so one bad record never stops a listing.
 */
public record ResultEntry(
        String topic, int partition, long offset, Instant recordTime, String key, HookResult result, String error) {

    public static final String MALFORMED = "?";
    public static final List<String> HEADER = List.of("TIME", "RUN", "HOOK", "STATUS", "REASON", "DURATION", "TARGET");
    /** Column widths of streamed ({@code --follow}) tables; the last column is free. */
    public static final int[] WIDTHS = {20, 36, 16, 9, 20, 8};

    public static ResultEntry of(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Instant time = Instant.ofEpochMilli(record.timestamp());
        HookResult result = null;
        String error;
        if (record.value() == null) {
            error = "empty record (no value)";
        } else {
            try {
                result = Json.mapper().readValue(record.value(), HookResult.class);
                error = result.runId() == null || result.status() == null ? "no runId or status" : null;
            } catch (IOException | RuntimeException e) {
                error = "not a hook result: " + firstLine(e.getMessage());
            }
        }
        return new ResultEntry(
                record.topic(), record.partition(), record.offset(), time, key, error == null ? result : null, error);
    }

    /** When the hook finished (the record's time for a malformed record or a result without finishedAt). */
    public Instant time() {
        return result != null && result.finishedAt() != null ? result.finishedAt() : recordTime;
    }

    /** Oldest first; ties by partition and offset. */
    public static final Comparator<ResultEntry> BY_TIME = Comparator.comparing(ResultEntry::time)
            .thenComparingInt(ResultEntry::partition)
            .thenComparingLong(ResultEntry::offset);

    public boolean malformed() {
        return result == null;
    }

    public String runId() {
        return result == null ? key : result.runId();
    }

    public String status() {
        return result == null ? MALFORMED : result.status().name();
    }

    public List<String> row() {
        if (result == null) {
            return List.of(
                    Durations.time(recordTime),
                    key == null ? "-" : key,
                    "-",
                    MALFORMED,
                    "MalformedRecord",
                    "-",
                    error + " (" + topic + "-" + partition + "@" + offset + ")");
        }
        return List.of(
                Durations.time(time()),
                result.runId(),
                name(result),
                result.status().name(),
                result.reason() == null ? "-" : result.reason(),
                Durations.human(result.durationMs()),
                targets(result.targets()));
    }

    /** The result as JSON; a malformed record as {@code {"status": "?", "reason": "MalformedRecord", ...}}. */
    public JsonNode json() {
        if (result != null) {
            return Json.mapper().valueToTree(result);
        }
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("runId", key);
        node.put("status", MALFORMED);
        node.put("reason", "MalformedRecord");
        node.put("message", error);
        node.put("topic", topic);
        node.put("partition", partition);
        node.put("offset", offset);
        node.put("recordTime", recordTime.toString());
        return node;
    }

    static String name(HookResult result) {
        return result.hookName() != null ? result.hookName() : "#" + result.hookIndex();
    }

    static String targets(List<TargetResult> targets) {
        if (targets.isEmpty()) {
            return "-";
        }
        TargetResult first = targets.get(0);
        StringBuilder text = new StringBuilder(first.name() == null ? "target" : first.name());
        if (first.exitCode() != null) {
            text.append(" exit=").append(first.exitCode());
        }
        if (first.httpStatus() != null) {
            text.append(" http=").append(first.httpStatus());
        }
        if (targets.size() > 1) {
            text.append(" (+").append(targets.size() - 1).append(" more)");
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
