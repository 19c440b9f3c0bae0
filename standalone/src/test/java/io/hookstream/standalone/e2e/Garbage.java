package io.hookstream.standalone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.schemas.Json;
import io.hookstream.testing.fuzz.JsonMutator;
import io.hookstream.testing.fuzz.Mutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Garbage records for {@link FuzzIT}: for the requests topic (random bytes, null keys and values, mutated run
 * requests, bad or missing CloudEvents headers, structured mode, values close to the broker's limit) and for a
 * hook topic (hook events as the dispatcher writes them, each broken so that no worker may run it: a required
 * field removed, a wrong type, a bad timeout, truncation, random bytes). The hook events' action points at a
 * canary server that must never be called.
 */
final class Garbage {

    /** The largest value sent: under the broker's 1 MiB limit with room for the dead-letter headers. */
    static final int LARGEST_VALUE = 1_000_000;

    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/cloudevents+json",
            "text/plain",
            "",
            "application/cloudevents+json; charset=utf-8",
            "application/octet-stream");

    /** One record to send and what it was made as (for failure messages). */
    record Made(ProducerRecord<byte[], byte[]> record, String kind) {
        String describe() {
            return kind + ", key " + (record.key() == null ? "null" : Mutator.show(record.key())) + ", value "
                    + (record.value() == null ? "null" : Mutator.show(record.value()));
        }
    }

    private Garbage() {}

    /** A valid run request of one hook of template {@code fuzz-trace}, session name and run id as given. */
    static ObjectNode request(String runId, String sessionName) {
        ObjectNode request =
                Requests.preBackup("demo").hook("trace", "fuzz-trace", null).json();
        if (runId != null) {
            request.put("runId", runId);
        }
        ((ObjectNode) request.get("session")).put("name", sessionName);
        return request;
    }

    /** Garbage number {@code index} for the requests topic. */
    static Made forRequests(String topic, Random random, int index) {
        Mutator mutator = new Mutator(random);
        JsonMutator json = new JsonMutator(mutator, 2000);
        String runId = "garbage-" + index;
        ObjectNode valid = request(runId, runId);
        byte[] key = mutator.chance(0.2) ? null : mutator.chance(0.8) ? utf8(runId) : mutator.randomBytes(20);
        List<RecordHeader> headers = new ArrayList<>();
        String kind;
        byte[] value;
        switch (random.nextInt(12)) {
            case 0 -> {
                kind = "random bytes";
                value = mutator.randomBytes(300);
            }
            case 1 -> {
                kind = mutator.chance(0.5) ? "null value" : "empty value";
                value = kind.startsWith("null") ? null : new byte[0];
            }
            case 2 -> {
                kind = "mutated bytes of a request";
                value = mutator.mutateBytes(bytes(valid), 4);
            }
            case 3 -> {
                kind = "request with bad CloudEvents headers";
                value = bytes(mutator.chance(0.5) ? valid : withoutRunId(valid));
                headers.add(header(
                        "content-type",
                        mutator.chance(0.5) ? "application/cloudevents+json" : mutator.pick(CONTENT_TYPES)));
                headers.add(header("ce_specversion", mutator.chance(0.5) ? null : mutator.interestingString(40)));
                headers.add(header("ce_id", mutator.chance(0.3) ? null : mutator.interestingString(300)));
                headers.add(header("ce_type", mutator.interestingString(40)));
            }
            case 4 -> {
                kind = "mutated structured-mode event";
                ObjectNode event = Json.mapper().createObjectNode();
                event.put("specversion", "1.0")
                        .put("id", runId)
                        .put("type", "io.hookstream.run.requested")
                        .put("source", "/fuzz");
                event.set("data", withoutRunId(valid));
                value = utf8(json.mutate(event, 2));
                headers.add(header("content-type", "application/cloudevents+json"));
            }
            case 5 -> {
                kind = "value near the size limit";
                value = nearLimit(mutator, valid);
            }
            default -> {
                kind = "mutated request";
                value = utf8(json.mutate(valid, 1 + random.nextInt(3)));
                if (mutator.chance(0.5)) {
                    headers.add(header("content-type", mutator.pick(CONTENT_TYPES)));
                }
                if (mutator.chance(0.3)) {
                    headers.add(header("ce_id", mutator.chance(0.5) ? runId + "-ce" : mutator.interestingString(50)));
                }
            }
        }
        return new Made(new ProducerRecord<>(topic, null, key, value, new ArrayList<>(headers)), kind);
    }

    /** Hook event number {@code index}, broken so that no worker may run it, for a hook topic. */
    static Made forHooks(String topic, Random random, int index, int canaryPort) {
        Mutator mutator = new Mutator(random);
        ObjectNode event = hookEvent("hookgarbage-" + index, canaryPort);
        byte[] key = mutator.chance(0.2) ? null : utf8("hookgarbage-" + index);
        String kind;
        byte[] value;
        switch (random.nextInt(10)) {
            case 0 -> {
                kind = "random bytes";
                value = mutator.randomBytes(300);
            }
            case 1 -> {
                kind = mutator.chance(0.5) ? "null value" : "empty value";
                value = kind.startsWith("null") ? null : new byte[0];
            }
            case 2 -> {
                kind = "truncated event";
                value = truncated(random, bytes(event));
            }
            case 3 -> {
                kind = "event of more than " + LARGEST_VALUE / 2 + " bytes without a hookId";
                event.remove("hookId");
                event.put("padding", "x".repeat(LARGEST_VALUE / 2 + random.nextInt(LARGEST_VALUE / 2)));
                value = bytes(event);
            }
            default -> {
                JsonNode mutated = reparse(utf8(new JsonMutator(mutator, 2000).mutate(event, 2)));
                if (mutated instanceof ObjectNode object) {
                    kind = "mutated event, then " + breakEvent(mutator, object);
                    value = bytes(object);
                } else {
                    kind = "truncated event";
                    value = truncated(random, bytes(event));
                }
            }
        }
        List<RecordHeader> headers = List.of(
                header("content-type", "application/json"),
                header("ce_specversion", "1.0"),
                header("ce_type", "io.hookstream.hook.dispatched"));
        return new Made(new ProducerRecord<>(topic, null, key, value, new ArrayList<>(headers)), kind);
    }

    /** A strict prefix of a compact JSON object: its outermost brace is never closed, so it is no JSON. */
    private static byte[] truncated(Random random, byte[] whole) {
        return Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
    }

    /** One change that makes the worker's reader refuse the event (whatever mutations came before). */
    private static String breakEvent(Mutator mutator, ObjectNode event) {
        switch (mutator.random().nextInt(7)) {
            case 0 -> {
                String field = mutator.pick(List.of("hookId", "runId", "hookName", "phase", "executor"));
                event.remove(field);
                return "no " + field;
            }
            case 1 -> {
                event.set(
                        "executor",
                        Json.mapper()
                                .createObjectNode()
                                .put("type", mutator.pick(List.of("Nope", "", "operator", "Shell"))));
                return "an unknown executor type";
            }
            case 2 -> {
                event.put("timeout", mutator.pick(List.of("soon", "0s", "-1s", "1d", "9".repeat(300) + "s")));
                return "a bad timeout";
            }
            case 3 -> {
                event.put("maxRetry", -1 - mutator.random().nextInt(100));
                return "a negative maxRetry";
            }
            case 4 -> {
                event.put("phase", mutator.pick(List.of("mid-backup", "", "PRE-BACKUP")));
                return "an unknown phase";
            }
            case 5 -> {
                event.put("hookId", mutator.pick(List.of("", " ", "\t")));
                return "a blank hookId";
            }
            default -> {
                event.set("hookIndex", Json.mapper().getNodeFactory().textNode("first"));
                return "a hookIndex of the wrong type";
            }
        }
    }

    /** A hook event as the dispatcher writes it, its httpGet action aimed at the canary. */
    static ObjectNode hookEvent(String runId, int canaryPort) {
        try {
            return (ObjectNode) Json.mapper().readTree("""
                    {"hookId": "%s/0", "runId": "%s", "phase": "pre-backup", "hookIndex": 0, "hookCount": 1,
                     "hookName": "canary", "template": {"name": "fuzz-trace", "namespace": "demo"},
                     "session": {"name": "%s", "namespace": "demo",
                                 "invoker": {"kind": "BackupConfiguration", "name": "b"}},
                     "executor": {"type": "Operator"},
                     "action": {"httpGet": {"host": "127.0.0.1", "port": %d, "path": "/canary"}},
                     "params": {}, "maxRetry": 0, "timeout": "5s", "dispatchedAt": "2026-01-01T00:00:00Z"}
                    """.formatted(runId, runId, runId, canaryPort));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Close to {@link #LARGEST_VALUE}: random bytes, an unknown field, or a huge session name or template name. */
    private static byte[] nearLimit(Mutator mutator, ObjectNode valid) {
        int size = LARGEST_VALUE / 2 + mutator.random().nextInt(LARGEST_VALUE / 2);
        ObjectNode request = valid.deepCopy();
        switch (mutator.random().nextInt(4)) {
            case 0 -> {
                return mutator.randomBytes(size);
            }
            case 1 -> request.put("padding", "p".repeat(size));
            case 2 -> ((ObjectNode) request.get("session")).put("name", "n".repeat(size));
            default -> ((ObjectNode) request.get("hooks").get(0).get("hookTemplate")).put("name", "t".repeat(size));
        }
        return bytes(request);
    }

    private static ObjectNode withoutRunId(ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove("runId");
        return copy;
    }

    private static JsonNode reparse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value == null ? null : utf8(value));
    }

    static byte[] bytes(JsonNode node) {
        return utf8(node.toString());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The run id a dispatcher would give a request record, when it would take one from it; else null. */
    static String candidateRunId(ProducerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        JsonNode tree = reparse(record.value());
        if (tree == null || !tree.isObject()) {
            return null;
        }
        JsonNode data = tree.has("specversion") && tree.path("data").isObject() ? tree.get("data") : tree;
        if (data.hasNonNull("runId")) {
            return data.get("runId").asText();
        }
        if (data != tree && tree.hasNonNull("id")) {
            return tree.get("id").asText();
        }
        var ceId = record.headers().lastHeader("ce_id");
        return ceId == null || ceId.value() == null ? null : new String(ceId.value(), StandardCharsets.UTF_8);
    }

    /** Whether the value reads as a JSON object (only those may end as runs rather than dead letters). */
    static boolean isJsonObject(byte[] value) {
        if (value == null) {
            return false;
        }
        JsonNode tree = reparse(value);
        return tree != null && tree.isObject();
    }
}
