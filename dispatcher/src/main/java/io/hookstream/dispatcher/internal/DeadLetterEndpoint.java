package io.hookstream.dispatcher.internal;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/dead-letters?limit=&partition=&before=}: the newest dead letters first, read by a
 * {@link DeadLetterReader} on a small pool of its own (never on the event loop); a read that Kafka does not answer
 * within the reader's timeout is a 503 saying what to check.
 */
final class DeadLetterEndpoint implements AutoCloseable {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final String POOL = "hookstream-dead-letters";

    private final Vertx vertx;
    private final DeadLetterReader reader;
    private final WorkerExecutor pool;

    DeadLetterEndpoint(Vertx vertx, DeadLetterReader reader) {
        this.vertx = vertx;
        this.reader = reader;
        this.pool = vertx.createSharedWorkerExecutor(POOL, 2);
    }

    void handle(RoutingContext ctx) {
        int limit;
        Integer partition;
        DeadLetterCursor before;
        try {
            limit = limit(ctx.request().getParam("limit"));
            partition = partition(ctx.request().getParam("partition"));
            String cursor = ctx.request().getParam("before");
            before = cursor == null || cursor.isBlank()
                    ? new DeadLetterCursor(Map.of())
                    : DeadLetterCursor.decode(cursor.trim());
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx, 400, e.getMessage());
            return;
        }
        // the reader stops at its own timeout; this one answers even when a Kafka call overstays it
        Promise<DeadLetterReader.Read> answer = Promise.promise();
        long grace = reader.timeout().toMillis() + 2_000;
        long timer = vertx.setTimer(
                grace,
                t -> answer.tryComplete(
                        new DeadLetterReader.Unavailable("the dead-letter topic did not answer within " + grace / 1000
                                + " s; check that the Kafka brokers are reachable from the dispatcher, then retry")));
        pool.executeBlocking(() -> reader.read(partition, before, limit), false).onComplete(read -> {
            vertx.cancelTimer(timer);
            answer.tryComplete(
                    read.succeeded()
                            ? read.result()
                            : new DeadLetterReader.Unavailable("the dead letters could not be read: " + read.cause()
                                    + "; check the dispatcher's log and the Kafka brokers, then retry"));
        });
        answer.future().onSuccess(read -> {
            if (read instanceof DeadLetterReader.Page page) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("topic", page.topic());
                body.put("deadLetters", page.deadLetters());
                body.put("next", page.next());
                HttpApi.json(ctx, 200, body);
            } else if (read instanceof DeadLetterReader.Invalid invalid) {
                HttpApi.error(ctx, 400, invalid.message());
            } else if (read instanceof DeadLetterReader.Unavailable unavailable) {
                ctx.response().putHeader("Retry-After", "5");
                HttpApi.error(ctx, 503, unavailable.message());
            }
        });
    }

    static int limit(String value) {
        return ApiParams.limit(value == null ? null : value.trim(), DEFAULT_LIMIT, MAX_LIMIT);
    }

    static Integer partition(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int partition = Integer.parseInt(value.trim());
            if (partition >= 0) {
                return partition;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(
                "partition: '" + value + "' is not a partition number of the dead-letter topic (0 or more)");
    }

    @Override
    public void close() {
        pool.close();
    }
}
