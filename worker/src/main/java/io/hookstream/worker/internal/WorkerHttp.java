package io.hookstream.worker.internal;

import io.hookstream.schemas.Json;
import io.hookstream.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The worker's small HTTP server: {@code /metrics} (Prometheus), {@code /health/live} (the process answers) and
 * {@code /health/ready} (every consumer assigned, producers working).
 */
public final class WorkerHttp {

    private WorkerHttp() {
    }

    public static Future<HttpServer> start(Vertx vertx, WorkerConfig config, PrometheusMeterRegistry registry,
                                           Supplier<Map<String, Object>> health) {
        return vertx.createHttpServer().requestHandler(request -> handle(request, registry, health))
                .listen(config.httpPort(), config.httpHost());
    }

    private static void handle(HttpServerRequest request, PrometheusMeterRegistry registry,
                               Supplier<Map<String, Object>> health) {
        switch (request.path()) {
            case "/metrics" -> request.response().putHeader("content-type", "text/plain; version=0.0.4")
                    .end(registry.scrape());
            case "/health/live", "/health" -> request.response().putHeader("content-type", "application/json")
                    .end("{\"status\":\"UP\"}\n");
            case "/health/ready" -> {
                Map<String, Object> status = health.get();
                request.response().setStatusCode("UP".equals(status.get("status")) ? 200 : 503)
                        .putHeader("content-type", "application/json").end(json(status));
            }
            default -> request.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"error\":\"no such endpoint; try /metrics, /health/live, /health/ready\"}\n");
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}\n";
        }
    }
}
