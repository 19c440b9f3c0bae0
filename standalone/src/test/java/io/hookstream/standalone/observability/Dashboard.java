package io.hookstream.standalone.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** compose/grafana/dashboards/hookstream.json, read as the tests need it. */
final class Dashboard {

    static final Path COMPOSE = Path.of("..", "compose");
    static final Path FILE = COMPOSE.resolve("grafana/dashboards/hookstream.json");

    static JsonNode json() throws IOException {
        return Json.mapper().readTree(FILE.toFile());
    }

    /** "panel title #refId" → PromQL expression, for every target of every panel. */
    static Map<String, String> expressions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : json().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                out.put(
                        panel.get("title").asText() + " #" + target.get("refId").asText(),
                        target.get("expr").asText());
            }
        }
        return out;
    }

    private Dashboard() {}
}
