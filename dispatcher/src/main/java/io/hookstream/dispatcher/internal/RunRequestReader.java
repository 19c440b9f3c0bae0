package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunRequest;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a run request from bytes: plain JSON, CloudEvents binary mode (the JSON is the value, attributes are
 * headers) or CloudEvents structured mode (the request is the event's {@code data}). Bytes that are no JSON
 * object are malformed; a JSON object that does not fit the contract is invalid, with the field named.
 */
final class RunRequestReader {

    sealed interface Read permits Parsed, Invalid, Malformed {}

    record Parsed(RunRequest request) implements Read {}

    /** A JSON object that is no valid request; {@code runId} is taken from it when it has one. */
    record Invalid(String runId, Problem problem) implements Read {}

    record Malformed(String message) implements Read {}

    private RunRequestReader() {}

    static Read read(byte[] value, Map<String, String> cloudEventAttributes) {
        if (value == null || value.length == 0) {
            return new Malformed("empty value: expected a JSON run request");
        }
        Parsed direct = direct(value, cloudEventAttributes);
        if (direct != null) {
            return direct;
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(value);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return new Malformed("not JSON" + where(e) + ": " + firstLine(detail));
        }
        if (tree == null || !tree.isObject()) {
            return new Malformed("expected a JSON object (a run request), got "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase()));
        }
        String ceId = cloudEventAttributes.get(CloudEventHeaders.ID);
        if (isStructured(tree, cloudEventAttributes)) {
            ceId = tree.path("id").asText(null);
            tree = tree.get("data");
            if (tree == null || !tree.isObject()) {
                return new Malformed("CloudEvents structured mode: 'data' must hold the run request object");
            }
        }
        String runId = tree.hasNonNull("runId") ? tree.get("runId").asText() : null;
        try {
            RunRequest request = Json.mapper().treeToValue(tree, RunRequest.class);
            if (request.runId() == null
                    && ceId != null
                    && RequestValidator.RUN_ID.matcher(ceId).matches()) {
                request = request.withRunId(ceId);
            }
            return new Parsed(request);
        } catch (JsonProcessingException e) {
            return new Invalid(runId, problemOf(e, tree));
        } catch (IllegalArgumentException e) {
            return new Invalid(runId, new Problem(null, Reasons.INVALID_REQUEST, e.getMessage()));
        }
    }

    /** The problem a binding error of {@code tree} describes, with the JSON path of the field at fault. */
    static Problem problemOf(JsonProcessingException e, JsonNode tree) {
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : null;
        String message;
        String emptyEntry = e instanceof ValueInstantiationException && rootCause(e) instanceof NullPointerException
                ? firstNullElement(tree, field)
                : null;
        if (emptyEntry != null) {
            // a list with a null entry: the record refused it; say which entry rather than quoting the NPE
            return new Problem(emptyEntry, Reasons.INVALID_REQUEST, "is null; remove the empty entry or fill it in");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            message =
                    "unknown field '" + unknown.getPropertyName() + "'; known fields: " + unknown.getKnownPropertyIds();
        } else if (e instanceof DatabindException && e.getCause() instanceof IllegalArgumentException cause) {
            message = cause.getMessage();
        } else {
            message = firstLine(e.getOriginalMessage());
        }
        return new Problem(field, Reasons.INVALID_REQUEST, message);
    }

    /** The path of the first null list element at or under {@code path} of {@code tree}, or null. */
    private static String firstNullElement(JsonNode tree, String path) {
        try {
            JsonNode start = path == null ? tree : tree.at(pointerOf(path));
            return start.isMissingNode() ? null : findNull(start, path == null ? "" : path);
        } catch (RuntimeException e) {
            return null; // a path this cannot follow: the binding error's own message stands
        }
    }

    private static String findNull(JsonNode node, String path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String element = path + "[" + i + "]";
                String found = node.get(i).isNull() ? element : findNull(node.get(i), element);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String found =
                        findNull(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** {@code hooks[1].variables} as the JSON pointer {@code /hooks/1/variables}. */
    private static JsonPointer pointerOf(String path) {
        StringBuilder pointer = new StringBuilder();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            }
            for (int at = bracket; at >= 0; at = part.indexOf('[', at + 1)) {
                pointer.append('/').append(part, at + 1, part.indexOf(']', at));
            }
        }
        return JsonPointer.compile(pointer.toString());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /**
     * The common case in one pass: a plain (or binary-mode) request that binds as it is. Anything else — structured
     * mode, bad JSON, a field that does not fit — returns null and takes the tree path, which says what is wrong.
     * A structured event cannot bind here: its CloudEvents attributes are unknown fields of a run request.
     */
    private static Parsed direct(byte[] value, Map<String, String> attributes) {
        String contentType = attributes.get(CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON)) {
            return null;
        }
        RunRequest request;
        try {
            request = Json.mapper().readValue(value, RunRequest.class);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        if (request == null) {
            return null;
        }
        String ceId = attributes.get(CloudEventHeaders.ID);
        if (request.runId() == null
                && ceId != null
                && RequestValidator.RUN_ID.matcher(ceId).matches()) {
            request = request.withRunId(ceId);
        }
        return new Parsed(request);
    }

    private static boolean isStructured(JsonNode tree, Map<String, String> attributes) {
        String contentType = attributes.get(CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith(CloudEventHeaders.STRUCTURED_JSON)) {
            return true;
        }
        return tree.has("specversion") && tree.has("data") && !tree.has("phase");
    }

    /** {@code " at line 3, column 14"} of a JSON syntax error, or nothing when the parser did not say. */
    private static String where(IOException e) {
        if (e instanceof JsonProcessingException jpe
                && jpe.getLocation() != null
                && jpe.getLocation().getLineNr() > 0) {
            return " at line " + jpe.getLocation().getLineNr() + ", column "
                    + jpe.getLocation().getColumnNr();
        }
        return "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
