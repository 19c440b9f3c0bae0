package io.hookstream.dispatcher.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.dispatcher.Dispatcher;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.testing.RecordCollector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A dispatcher's HTTP API on loopback, and the run requests and hook events the Kubernetes ITs use. */
public final class DispatcherApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Supplier<Dispatcher> dispatcher;
    private final Duration wait;

    /** @param dispatcher the dispatcher now running (an IT may restart it) */
    public DispatcherApi(Supplier<Dispatcher> dispatcher, Duration wait) {
        this.dispatcher = dispatcher;
        this.wait = wait;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path)).timeout(wait).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a run request to {@code /v1/runs}. */
    public HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/v1/runs"))
                        .timeout(wait)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The hook event of hook {@code index} of the run, once {@code hooks} has it. */
    public HookEvent hookEvent(RecordCollector hooks, String runId, int index) throws Exception {
        List<ConsumerRecord<String, byte[]>> records =
                hooks.await(list -> list.stream().anyMatch(r -> matches(r, runId, index)), wait);
        ConsumerRecord<String, byte[]> record = records.stream()
                .filter(r -> matches(r, runId, index))
                .findFirst()
                .orElseThrow();
        return Json.mapper().readValue(record.value(), HookEvent.class);
    }

    /**
     * A pre-backup request of session backup-1 in namespace demo, invoked by the core.kubestash.com object
     * {@code kind}/{@code name}, with a hook of template greet per name.
     */
    public static String request(String kind, String name, String... hookNames) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("phase", "pre-backup");
        ObjectNode session = root.putObject("session");
        session.put("name", "backup-1");
        session.put("namespace", "demo");
        ObjectNode invoker = session.putObject("invoker");
        invoker.put("apiGroup", "core.kubestash.com");
        invoker.put("kind", kind);
        invoker.put("name", name);
        for (String hookName : hookNames) {
            ObjectNode hook = root.withArray("hooks").addObject();
            hook.put("name", hookName);
            hook.putObject("hookTemplate").put("name", "greet");
        }
        return root.toString();
    }

    public static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + dispatcher.get().httpPort() + path);
    }

    private static boolean matches(ConsumerRecord<String, byte[]> record, String runId, int index) {
        JsonNode event = tree(new String(record.value(), StandardCharsets.UTF_8));
        return runId.equals(event.path("runId").asText())
                && event.path("hookIndex").asInt(-1) == index;
    }
}
