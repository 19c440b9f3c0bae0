package io.hookstream.worker.internal;

import io.hookstream.kafka.LoopWatch;
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
 * The worker's small HTTP server: {@code /metrics} (Prometheus), {@code /health/live} (200 while no consuming
 * loop of the process died, then 503 naming the loop and its cause) and {@code /health/ready} (every consumer
 * assigned, producers working, no loop dead).
 */
public final class WorkerHttp {

    private WorkerHttp() {}

    public static Future<HttpServer> start(
            Vertx vertx,
            WorkerConfig config,
            PrometheusMeterRegistry registry,
            Supplier<Map<String, Object>> health,
            LoopWatch loops) {
        return vertx.createHttpServer()
                .requestHandler(request -> handle(request, registry, health, loops))
                .listen(config.http().port(), config.http().host())
                .recover(e -> Future.failedFuture(new io.hookstream.worker.WorkerException(
                        "HttpListenFailed",
                        "the worker's /metrics and /health could not listen on "
                                + config.http().host() + ":"
                                + config.http().port() + " (" + e.getMessage() + "): set --worker-http-port"
                                + " (HOOKSTREAM_WORKER_HTTP_PORT) to a free port, or -1 to turn them off",
                        e)));
    }

    private static void handle(
            HttpServerRequest request,
            PrometheusMeterRegistry registry,
            Supplier<Map<String, Object>> health,
            LoopWatch loops) {
        switch (request.path()) {
            case "/metrics" ->
                request.response()
                        .putHeader("content-type", "text/plain; version=0.0.4")
                        .end(registry.scrape());
            case "/health/live", "/health" -> {
                java.util.Optional<LoopWatch.Failure> failure = loops.failure();
                request.response()
                        .setStatusCode(failure.isEmpty() ? 200 : 503)
                        .putHeader("content-type", "application/json")
                        .end(failure.isEmpty() ? "{\"status\":\"UP\"}\n" : json(dead(failure.get())));
            }
            case "/health/ready" -> {
                Map<String, Object> status = health.get();
                request.response()
                        .setStatusCode("UP".equals(status.get("status")) ? 200 : 503)
                        .putHeader("content-type", "application/json")
                        .end(json(status));
            }
            default ->
                request.response()
                        .setStatusCode(404)
                        .putHeader("content-type", "application/json")
                        .end("{\"error\":\"no such endpoint; try /metrics, /health/live, /health/ready\"}\n");
        }
    }

    private static Map<String, Object> dead(LoopWatch.Failure failure) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", "DOWN");
        body.put("failedLoop", failure.describe());
        return body;
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}\n";
        }
    }
}
