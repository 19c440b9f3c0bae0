package io.hookstream.dispatcher.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.kafka.CloudEvents;
import io.hookstream.kafka.EventPublisher;
import io.hookstream.kafka.OutboundRecords;
import io.hookstream.kafka.TopicNames;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.CloudEventHeaders;
import io.hookstream.schemas.event.EventIds;
import io.hookstream.schemas.event.RunOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/runs/{runId}/cancel[?wait=30s]} with an optional body {@code {"reason": "...", "requestedBy":
 * "..."}}: finds the run on any dispatcher instance and, while it runs, publishes a {@link CancelRequest} to the
 * requests topic keyed by the run id, so the dispatcher that owns the run stops it. Answers 202 (cancel requested, or
 * requested before), 200 with the outcome (the run was finished already, or finished within {@code wait}), or 404.
 */
final class CancelEndpoint {

    private final Vertx vertx;
    private final RunLookup lookup;
    private final EventPublisher publisher;
    private final TopicNames topics;
    private final String source;

    CancelEndpoint(Vertx vertx, RunLookup lookup, EventPublisher publisher, TopicNames topics, String source) {
        this.vertx = vertx;
        this.lookup = lookup;
        this.publisher = publisher;
        this.topics = topics;
        this.source = source;
    }

    void handle(RoutingContext ctx) {
        String runId = ctx.pathParam("runId");
        if (!RequestValidator.RUN_ID.matcher(runId).matches()) {
            HttpApi.error(
                    ctx,
                    404,
                    "run " + (runId.length() > 80 ? runId.substring(0, 80) + "…" : runId)
                            + " is unknown: it is not a valid run id, so there is nothing to cancel");
            return;
        }
        Duration wait;
        try {
            wait = wait(ctx);
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx, 400, "wait: " + e.getMessage());
            return;
        }
        CancelRequest cancel;
        try {
            cancel = body(ctx, runId);
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx, 400, e.getMessage());
            return;
        }
        lookup.await(runId, Duration.ZERO)
                .compose(view -> {
                    if (view == null) {
                        HttpApi.error(
                                ctx,
                                404,
                                "run " + runId + " is unknown (never submitted, not accepted yet, or completed"
                                        + " longer ago than --run-retention): nothing to cancel");
                        return Future.succeededFuture();
                    }
                    if (view.status().isTerminal()) {
                        Map<String, Object> answer = answer(view, "NotNeeded");
                        answer.put(
                                "message",
                                "run " + runId + " already finished " + view.status()
                                        + (view.finishedAt() == null ? "" : " at " + view.finishedAt())
                                        + ": nothing to cancel");
                        HttpApi.json(ctx, 200, answer);
                        return Future.succeededFuture();
                    }
                    if (view.cancellation() != null) {
                        return respond(ctx, runId, wait, "AlreadyRequested");
                    }
                    return publish(cancel).compose(v -> respond(ctx, runId, wait, "Requested"), e -> {
                        HttpApi.error(
                                ctx,
                                503,
                                "could not publish the cancel to Kafka: " + e.getMessage()
                                        + "; check the brokers and retry (a repeated cancel is one cancel)");
                        return Future.succeededFuture();
                    });
                })
                .onFailure(ctx::fail);
    }

    /** 202 with the run's view; with a wait, its view once final (200) or when the wait is over (202). */
    private Future<Void> respond(RoutingContext ctx, String runId, Duration wait, String cancel) {
        return lookup.await(runId, wait).map(view -> {
            HttpApi.json(ctx, !wait.isZero() && view.status().isTerminal() ? 200 : 202, answer(view, cancel));
            return null;
        });
    }

    private Map<String, Object> answer(RunOutcome view, String cancel) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runId", view.runId());
        answer.put("status", view.status());
        answer.put("cancel", cancel);
        answer.put("self", "/v1/runs/" + view.runId());
        answer.put("run", view);
        return answer;
    }

    private Future<Void> publish(CancelRequest cancel) {
        return Future.fromCompletionStage(
                        publisher.publish(OutboundRecords.json(
                                topics.requests(),
                                cancel.runId(),
                                cancel,
                                CloudEvents.headers(
                                        CloudEventHeaders.TYPE_RUN_CANCEL_REQUESTED,
                                        source,
                                        EventIds.cancelRequest(cancel.runId()),
                                        cancel.runId()))),
                        vertx.getOrCreateContext())
                .mapEmpty();
    }

    private static Duration wait(RoutingContext ctx) {
        String param = ctx.request().getParam("wait");
        if (param == null) {
            return Duration.ZERO;
        }
        Duration wait = GoDuration.parse(param);
        if (wait.isNegative() || wait.compareTo(HttpApi.MAX_WAIT) > 0) {
            throw new IllegalArgumentException("must be between 0s and " + GoDuration.format(HttpApi.MAX_WAIT));
        }
        return wait;
    }

    /** The cancel of the optional JSON body; who asked is the body's requestedBy or the caller's address. */
    private CancelRequest body(RoutingContext ctx, String runId) {
        String reason = null;
        String requestedBy = null;
        if (ctx.body() != null && ctx.body().length() > 0) {
            JsonNode tree;
            try {
                tree = Json.mapper().readTree(ctx.body().buffer().getBytes());
            } catch (IOException e) {
                throw new IllegalArgumentException("the body is not JSON: send nothing or {\"reason\": \"...\"}");
            }
            if (tree != null && !tree.isNull()) {
                if (!tree.isObject()) {
                    throw new IllegalArgumentException("the body must be a JSON object {\"reason\": \"...\"}");
                }
                for (String field : (Iterable<String>) tree::fieldNames) {
                    if (!field.equals("reason") && !field.equals("requestedBy")) {
                        throw new IllegalArgumentException(
                                field + ": unknown field; known fields: reason," + " requestedBy");
                    }
                    if (!tree.get(field).isTextual()) {
                        throw new IllegalArgumentException(field + ": must be a string");
                    }
                }
                reason = tree.path("reason").asText(null);
                requestedBy = tree.path("requestedBy").asText(null);
            }
        }
        if (requestedBy == null) {
            requestedBy = "http "
                    + (ctx.request().remoteAddress() == null
                            ? "client"
                            : ctx.request().remoteAddress().hostAddress());
        }
        return new CancelRequest(runId, reason, requestedBy, lookup.clock().instant());
    }
}
