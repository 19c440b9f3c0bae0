package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dispatcher's HTTP API: {@code POST /v1/runs}, {@code GET /v1/runs/{runId}[?wait=30s]},
 * {@code GET /v1/templates}, {@code GET /health}. Answers are JSON; errors name the field at fault.
 */
final class HttpApi {

    static final long MAX_BODY_BYTES = 1024 * 1024;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final RunCoordinator coordinator;
    private final Supplier<CatalogSnapshot> catalog;
    private final Supplier<Map<String, Object>> health;

    HttpApi(RunCoordinator coordinator, Supplier<CatalogSnapshot> catalog, Supplier<Map<String, Object>> health) {
        this.coordinator = coordinator;
        this.catalog = catalog;
        this.health = health;
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/v1/runs").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::submit);
        router.get("/v1/runs/:runId").handler(this::getRun);
        router.get("/v1/templates").handler(this::templates);
        router.get("/health").handler(this::health);
        router.route().last().handler(ctx -> error(ctx, 404, "no such endpoint " + ctx.request().method() + " "
                + ctx.request().path() + "; try POST /v1/runs, GET /v1/runs/{runId}, GET /v1/templates, GET /health"));
        router.errorHandler(413, ctx -> error(ctx, 413, "request body larger than " + MAX_BODY_BYTES + " bytes"));
        router.errorHandler(405, ctx -> error(ctx, 405, "method not allowed on " + ctx.request().path()));
        router.errorHandler(500, ctx -> error(ctx, 500, "internal error: " + ctx.failure()));
        return router;
    }

    private void submit(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Map<String, String> attributes = new LinkedHashMap<>();
        ctx.request().headers().forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.startsWith("ce-")) {
                attributes.put("ce_" + key.substring(3), value);
            } else if (key.equals("content-type")) {
                attributes.put(key, value);
            }
        });
        RunRequestReader.Read read = RunRequestReader.read(body, attributes);
        if (read instanceof RunRequestReader.Malformed malformed) {
            error(ctx, 400, malformed.message());
            return;
        }
        var submitted = read instanceof RunRequestReader.Parsed parsed ? coordinator.submit(parsed.request())
                : coordinator.reject(((RunRequestReader.Invalid) read).runId(), null, null,
                ((RunRequestReader.Invalid) read).problem());
        submitted.onSuccess(submission -> {
            RunOutcome view = submission.view();
            if (view.status() == RunStatus.Rejected && !submission.duplicate()) {
                json(ctx, statusFor(view.problems()), view);
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("runId", view.runId());
            answer.put("status", view.status());
            if (submission.duplicate()) {
                answer.put("duplicate", true);
            }
            answer.put("self", "/v1/runs/" + view.runId());
            ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/runs/" + view.runId());
            json(ctx, submission.duplicate() ? 200 : 202, answer);
        }).onFailure(e -> error(ctx, 503, "could not publish the run to Kafka: " + e.getMessage()
                + "; check the brokers and retry with the same runId"));
    }

    private void getRun(RoutingContext ctx) {
        String runId = ctx.pathParam("runId");
        Duration wait = Duration.ZERO;
        String waitParam = ctx.request().getParam("wait");
        if (waitParam != null) {
            try {
                wait = GoDuration.parse(waitParam);
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "wait: " + e.getMessage());
                return;
            }
            if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
                error(ctx, 400, "wait: must be between 0s and " + GoDuration.format(MAX_WAIT));
                return;
            }
        }
        coordinator.await(runId, wait).onSuccess(view -> {
            if (view == null) {
                error(ctx, 404, "run " + runId + " is unknown to this dispatcher (it was never submitted here, or"
                        + " it completed longer ago than --run-retention)");
            } else {
                json(ctx, 200, view);
            }
        }).onFailure(ctx::fail);
    }

    private void templates(RoutingContext ctx) {
        CatalogSnapshot snapshot = catalog.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("loadedAt", snapshot.loadedAt());
        answer.put("templates", snapshot.templates().values().stream()
                .sorted(java.util.Comparator.comparing((io.hookstream.schemas.template.HookTemplate t) -> t.namespace())
                        .thenComparing(t -> t.name()))
                .toList());
        answer.put("namespaces", snapshot.namespaceLabels());
        answer.put("problems", snapshot.problems().stream().map(Object::toString).toList());
        json(ctx, 200, answer);
    }

    private void health(RoutingContext ctx) {
        Map<String, Object> status = health.get();
        json(ctx, "UP".equals(status.get("status")) ? 200 : 503, status);
    }

    static int statusFor(List<Problem> problems) {
        String reason = problems == null || problems.isEmpty() ? Reasons.INVALID_REQUEST : problems.get(0).reason();
        return switch (reason) {
            case Reasons.TEMPLATE_NOT_FOUND -> 404;
            case Reasons.NAMESPACE_NOT_ALLOWED -> 403;
            case Reasons.INVALID_REQUEST -> 400;
            default -> 422;
        };
    }

    private static void error(RoutingContext ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        json(ctx, status, body);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end("{\"error\":\"could not write the answer\"}");
        }
    }
}
