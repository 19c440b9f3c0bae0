package io.hookstream.worker.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;

/** Reads a hook event from bytes; anything a worker could not execute faithfully is refused with a reason. */
final class HookEventReader {

    /** A readable event and its parsed timeout, or the problem that makes it unreadable. */
    record Read(HookEvent event, Duration timeout, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private HookEventReader() {}

    static Read read(byte[] value) {
        if (value == null || value.length == 0) {
            return failed("empty value: expected a JSON hook event");
        }
        HookEvent event;
        try {
            event = Json.mapper().readValue(value, HookEvent.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String field = path.isEmpty() ? "" : " (field " + path + ")";
            return failed("not a hook event" + field + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            return failed("not a hook event: " + firstLine(e.getMessage()));
        }
        if (event == null
                || blank(event.hookId())
                || blank(event.runId())
                || blank(event.hookName())
                || event.phase() == null) {
            return failed("hook event lacks hookId, runId, hookName or phase");
        }
        if (event.executor() == null || event.executor().type() == null) {
            return failed("hook event lacks executor.type");
        }
        if (event.maxRetry() < 0) {
            return failed("hook event has a negative maxRetry");
        }
        try {
            Duration timeout = GoDuration.parse(event.timeout());
            if (timeout.isNegative() || timeout.isZero()) {
                return failed("hook event timeout must be positive, was " + event.timeout());
            }
            return new Read(event, timeout, null);
        } catch (IllegalArgumentException e) {
            return failed("hook event timeout: " + e.getMessage());
        }
    }

    private static Read failed(String problem) {
        return new Read(null, null, problem);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson's advice on its own settings means nothing to whoever wrote the record
        return line.replaceAll(" \\((set|enable|disable) [A-Za-z]*(Config|Feature)[^)]*\\)", "");
    }
}
