package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.CloudEventHeaders;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a cancel among the records of the requests topic and reads it: CloudEvents binary mode with
 * {@code ce_type} {@value CloudEventHeaders#TYPE_RUN_CANCEL_REQUESTED} (the {@link CancelRequest} is the value), or
 * structured mode with that {@code type} (the cancel is the event's {@code data}). Anything else is no cancel.
 */
final class CancelReader {

    sealed interface Read permits Parsed, Malformed {}

    record Parsed(CancelRequest cancel) implements Read {}

    record Malformed(String runId, String message) implements Read {}

    private CancelReader() {}

    /** Empty when the record is no cancel (a run request, then); else the cancel or why it cannot be read. */
    static Optional<Read> read(byte[] value, Map<String, String> attributes) {
        String contentType = attributes.get(CloudEventHeaders.CONTENT_TYPE);
        boolean structured = contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON);
        if (!structured
                && !CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED.equals(attributes.get(CloudEventHeaders.TYPE))) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = value == null || value.length == 0 ? null : Json.mapper().readTree(value);
        } catch (IOException e) {
            return structured
                    ? Optional.empty()
                    : Optional.of(new Malformed(
                            null,
                            "a cancel (ce_type "
                                    + CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED
                                    + ") whose value is not JSON: send {\"runId\": \"...\","
                                    + " \"reason\": \"...\"}"));
        }
        String source = attributes.get(CloudEventHeaders.SOURCE);
        if (structured) {
            if (tree == null
                    || !CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED.equals(
                            tree.path("type").asText(null))) {
                return Optional.empty();
            }
            source = tree.path("source").asText(source);
            tree = tree.get("data");
        }
        if (tree == null || !tree.isObject()) {
            return Optional.of(new Malformed(
                    null, "a cancel must be a JSON object {\"runId\": \"...\", \"reason\":" + " \"...\"}"));
        }
        String runId = tree.path("runId").isTextual() ? tree.get("runId").asText() : null;
        if (runId == null || !RequestValidator.RUN_ID.matcher(runId).matches()) {
            return Optional.of(new Malformed(
                    null,
                    "runId: a cancel needs the id of the run to stop (a letter or"
                            + " digit, then up to 199 letters, digits, '.', '_', ':' or '-')"));
        }
        CancelRequest cancel;
        try {
            cancel = Json.mapper().treeToValue(tree, CancelRequest.class);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(new Malformed(
                    runId, "not a cancel: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (cancel.requestedBy() == null && source != null) {
            cancel = new CancelRequest(cancel.runId(), cancel.reason(), source, cancel.requestedAt());
        }
        return Optional.of(new Parsed(cancel));
    }
}
