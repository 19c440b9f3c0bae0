package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The dispatcher's HTTP API: {@code POST /v1/runs}, {@code GET /v1/runs/{runId}[?wait=30s]},
 * {@code POST /v1/runs/{runId}/cancel} ({@link CancelEndpoint}), {@code GET /v1/templates}, {@code GET /v1/dead-letters}
 * ({@link DeadLetterEndpoint}), {@code GET /v1/cluster} ({@link ClusterEndpoint}), {@code GET /health}. Answers are JSON; errors name the field at fault.
 */
final class HttpApi {

    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final Vertx vertx;
    private final RunViews views;
    private final RunLookup lookup;
    private final RequestValidator validator;
    private final EventPublisher publisher;
    private final TopicNames topics;
    private final Supplier<CatalogSnapshot> catalog;
    private final Supplier<Map<String, Object>> health;
    private final PrometheusMeterRegistry registry;
    private final ApiGuard guard;
    private final long maxBodyBytes;
    private final boolean metricsAuth;
    private final CancelEndpoint cancels;
    private final Console console;
    private final ConsoleFiles files = new ConsoleFiles();
    private final Status status;

    /** The runs the API reads, looks up across partitions, and checks new requests against, and the lists of all. */
    record Runs(RunViews views, RunLookup lookup, RequestValidator validator, Console console) {}

    /** What the console reads besides a run: the list of runs, its stream of changes, the activity counts. */
    record Console(RunListEndpoint list, RunStreamEndpoint stream, ActivityEndpoint activity) {}

    /** Where the API publishes run requests and cancels: the producer, the topics, its CloudEvents source. */
    record Outbound(EventPublisher publisher, TopicNames topics, String source) {}

    /**
     * Who may call the API and how much they may send.
     *
     * @param tokens the accepted API tokens, or null when the API is unauthenticated
     */
    record Access(ApiTokens tokens, long maxBodyBytes, boolean metricsAuth) {}

    /**
     * What the API shows besides runs: the templates, the health, the metrics, the dead letters and the consumer
     * groups (each null: not served).
     */
    record Status(
            Supplier<CatalogSnapshot> catalog,
            Supplier<Map<String, Object>> health,
            PrometheusMeterRegistry registry,
            DeadLetterEndpoint deadLetters,
            ClusterEndpoint cluster) {}

    HttpApi(Vertx vertx, Runs runs, Outbound outbound, Access access, Status status) {
        this.cancels = new CancelEndpoint(
                vertx, runs.lookup(), outbound.publisher(), outbound.topics(), outbound.source() + "/http");
        this.guard = new ApiGuard(access.tokens(), access.maxBodyBytes());
        this.maxBodyBytes = access.maxBodyBytes();
        this.metricsAuth = access.metricsAuth();
        this.registry = status.registry();
        this.vertx = vertx;
        this.views = runs.views();
        this.lookup = runs.lookup();
        this.validator = runs.validator();
        this.console = runs.console();
        this.publisher = outbound.publisher();
        this.topics = outbound.topics();
        this.catalog = status.catalog();
        this.health = status.health();
        this.status = status;
    }

    Router router() {
        Router router = Router.router(vertx);
        // first the token, then the declared size: a refused request reaches no API handler
        router.route("/v1/*").handler(guard::authenticate).handler(guard::limitSize);
        if (metricsAuth) {
            router.get("/metrics").handler(guard::authenticate);
        }
        router.post("/v1/runs")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::submit);
        if (console != null) {
            router.get("/v1/runs").handler(ctx -> {
                if (RunStreamEndpoint.wanted(ctx)) {
                    console.stream().handle(ctx);
                } else {
                    console.list().handle(ctx);
                }
            });
            router.get("/v1/activity").handler(console.activity()::handle);
        }
        router.get("/v1/runs/:runId").handler(this::getRun);
        router.post("/v1/runs/:runId/cancel")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(cancels::handle);
        router.get("/v1/templates").handler(new TemplatesEndpoint(catalog, health)::handle);
        router.get("/ui").handler(files::handle);
        router.get("/ui/*").handler(files::handle);
        if (status.deadLetters() != null) {
            router.get("/v1/dead-letters").handler(status.deadLetters()::handle);
        }
        if (status.cluster() != null) {
            router.get("/v1/cluster").handler(status.cluster()::handle);
        }
        router.get("/health").handler(this::health);
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4")
                        .end(registry.scrape()));
        router.route()
                .last()
                .handler(ctx -> error(
                        ctx,
                        404,
                        "no such endpoint " + ctx.request().method() + " "
                                + ctx.request().path()
                                + "; try POST /v1/runs, GET /v1/runs, GET /v1/runs/{runId}, POST /v1/runs/{runId}/cancel,"
                                + " GET /v1/templates, GET /v1/dead-letters, GET /v1/cluster, GET /v1/activity, GET /ui/,"
                                + " GET /health/ready,"
                                + " GET /metrics"));
        router.errorHandler(
                400,
                ctx -> error(
                        ctx,
                        400,
                        "the request cannot be read"
                                + (ctx.failure() == null
                                        ? ""
                                        : " (" + ctx.failure().getMessage() + ")")
                                + "; send a JSON run request with content-type "
                                + "application/json"));
        router.errorHandler(413, guard::tooLarge);
        router.errorHandler(
                405,
                ctx -> error(ctx, 405, "method not allowed on " + ctx.request().path()));
        router.errorHandler(500, ctx -> error(ctx, 500, "internal error: " + ctx.failure()));
        return router;
    }

    /**
     * Checks the request here, to answer at once, and publishes it to the requests topic keyed by its run id: the
     * dispatcher that owns the run's partition runs it (or rejects it, publishing the Rejected outcome).
     */
    private void submit(RoutingContext ctx) {
        byte[] body =
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
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
        if (read instanceof RunRequestReader.Invalid invalid) {
            String runId = invalid.runId() != null
                            && RequestValidator.RUN_ID.matcher(invalid.runId()).matches()
                    ? invalid.runId()
                    : null;
            RunOutcome rejected = RunState.rejected(
                            runId,
                            null,
                            null,
                            List.of(invalid.problem()),
                            lookup.clock().instant())
                    .toOutcome();
            publish(ctx, runId, body).onSuccess(v -> json(ctx, 400, rejected));
            return;
        }
        RunRequest request = ((RunRequestReader.Parsed) read).request();
        String runId =
                request.runId() != null ? request.runId() : UUID.randomUUID().toString();
        RunRequest withId = request.withRunId(runId);
        if (views.get(runId) != null) {
            json(ctx, 200, accepted(runId, views.get(runId).status(), true, ctx));
            return;
        }
        RequestValidator.Validation validation = validator.validate(withId, catalog.get());
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(withId);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        publish(ctx, runId, value).onSuccess(v -> {
            if (validation.accepted()) {
                lookup.submitted(RunState.accepted(
                                runId,
                                withId.phase(),
                                withId.session(),
                                validation.plan(),
                                lookup.clock().instant())
                        .toOutcome());
            }
            if (!validation.accepted()) {
                json(
                        ctx,
                        statusFor(validation.problems()),
                        RunState.rejected(
                                        runId,
                                        withId.phase(),
                                        withId.session(),
                                        validation.problems(),
                                        lookup.clock().instant())
                                .toOutcome());
            } else {
                json(ctx, 202, accepted(runId, RunStatus.Running, false, ctx));
            }
        });
    }

    private Future<Void> publish(RoutingContext ctx, String runId, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topics.requests(),
                null,
                runId == null ? null : runId.getBytes(StandardCharsets.UTF_8),
                value,
                List.of(CloudEvents.header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON)));
        return Future.fromCompletionStage(publisher.publish(record), vertx.getOrCreateContext())
                .<Void>mapEmpty()
                .onFailure(e -> error(
                        ctx,
                        503,
                        "could not publish the run request to Kafka: " + e.getMessage()
                                + "; check the brokers and retry with the same runId"));
    }

    private static Map<String, Object> accepted(String runId, RunStatus status, boolean duplicate, RoutingContext ctx) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", runId);
        answer.put("status", status);
        if (duplicate) {
            answer.put("duplicate", true);
        }
        answer.put("self", "/v1/runs/" + runId);
        ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/runs/" + runId);
        return answer;
    }

    private void getRun(RoutingContext ctx) {
        String runId = ctx.pathParam("runId");
        if (!RequestValidator.RUN_ID.matcher(runId).matches()) {
            // no run can have this id: answer without reading the state topic
            error(
                    ctx,
                    404,
                    "run " + (runId.length() > 80 ? runId.substring(0, 80) + "…" : runId)
                            + " is unknown: it is not a valid run id (a letter or digit, then up to 199 letters,"
                            + " digits, '.', '_', ':' or '-')");
            return;
        }
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
        lookup.await(runId, wait)
                .onSuccess(view -> {
                    if (view == null) {
                        error(
                                ctx,
                                404,
                                "run " + runId + " is unknown (it was never submitted, is not accepted yet, or"
                                        + " completed longer ago than --run-retention)");
                    } else {
                        json(ctx, 200, view);
                    }
                })
                .onFailure(ctx::fail);
    }

    private void health(RoutingContext ctx) {
        Map<String, Object> status = health.get();
        json(ctx, "UP".equals(status.get("status")) ? 200 : 503, status);
    }

    /** 200 while no consuming loop of the process died; then 503 naming the loop and its cause. */
    private void live(RoutingContext ctx) {
        Map<String, Object> status = health.get();
        if (Boolean.FALSE.equals(status.get("live"))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "DOWN");
            body.put("failedLoop", status.get("failedLoop"));
            json(ctx, 503, body);
        } else {
            json(ctx, 200, Map.of("status", "UP"));
        }
    }

    private void ready(RoutingContext ctx) {
        Map<String, Object> status = health.get();
        json(ctx, Boolean.TRUE.equals(status.get("ready")) ? 200 : 503, status);
    }

    static int statusFor(List<Problem> problems) {
        String reason = problems == null || problems.isEmpty()
                ? Reasons.INVALID_REQUEST
                : problems.get(0).reason();
        return switch (reason) {
            case Reasons.TEMPLATE_NOT_FOUND -> 404;
            case Reasons.NAMESPACE_NOT_ALLOWED -> 403;
            case Reasons.INVALID_REQUEST -> 400;
            default -> 422;
        };
    }

    static void error(RoutingContext ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        json(ctx, status, body);
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end("{\"error\":\"could not write the answer\"}");
        }
    }
}
