package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.Reasons;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;

/**
 * {@code action.httpGet} / {@code action.httpPost} with the Vert.x HTTP client: no redirects followed,
 * 200 to 399 is success (as Kubernetes probes), anything else fails with the status and the start of the body.
 * TLS uses the JVM's default trust store and verifies the host name.
 */
public final class HttpStep implements Step {

    /** Characters of a failing response's body quoted in the message. */
    public static final int BODY_EXCERPT_CHARS = 200;
    private static final int BODY_KEEP_BYTES = 4 * BODY_EXCERPT_CHARS;

    private final Vertx vertx;
    private final HttpClient client;
    private final HttpRequestSpec spec;

    public HttpStep(Vertx vertx, HttpClient client, HttpRequestSpec spec) {
        this.vertx = vertx;
        this.client = client;
        this.spec = spec;
    }

    @Override
    public String kind() {
        return spec.kind();
    }

    @Override
    public Future<StepOutcome> run(Deadline deadline) {
        Promise<StepOutcome> outcome = Promise.promise();
        HttpClientRequest[] request = new HttpClientRequest[1];
        long remaining = Math.max(1, deadline.remainingMillis());
        long timer = vertx.setTimer(remaining, id -> {
            if (outcome.tryComplete(StepOutcome.timedOut(field() + ": no complete response from "
                    + spec.endpoint().describe() + " within the " + deadline.describe() + " timeout"))
                    && request[0] != null) {
                request[0].reset();
            }
        });
        RequestOptions options = new RequestOptions()
                .setMethod(spec.method())
                .setHost(spec.endpoint().host())
                .setPort(spec.endpoint().port())
                .setSsl(spec.endpoint().tls())
                .setURI(spec.uri())
                .setFollowRedirects(false)
                .setConnectTimeout(remaining + 1_000);
        spec.headers().forEach(header -> options.addHeader(header.getKey(), header.getValue()));
        client.request(options)
                .compose(created -> {
                    request[0] = created;
                    if (outcome.future().isComplete()) {
                        created.reset();
                        return Future.failedFuture("timed out");
                    }
                    return spec.body() == null ? created.send() : created.send(spec.body());
                })
                .compose(this::readExcerpt)
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    outcome.tryComplete(result.succeeded() ? result.result()
                            : StepOutcome.failed(Reasons.HTTP_ERROR, field() + ": request to "
                                    + spec.endpoint().describe() + " failed: " + describe(result.cause())));
                });
        return outcome.future();
    }

    private Future<StepOutcome> readExcerpt(HttpClientResponse response) {
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            int room = BODY_KEEP_BYTES - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        int status = response.statusCode();
        return response.end().map(ignored -> {
            StepOutcome result = status >= 200 && status < 400 ? StepOutcome.success()
                    : StepOutcome.failed(Reasons.HTTP_STATUS, field() + ": " + spec.method() + " "
                            + spec.endpoint().describe() + " returned HTTP " + status + excerpt(kept));
            return result.withHttpStatus(status);
        });
    }

    private String field() {
        return "action." + spec.kind();
    }

    private static String excerpt(Buffer body) {
        String text = new String(body.getBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        if (text.length() > BODY_EXCERPT_CHARS) {
            int end = BODY_EXCERPT_CHARS;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text = text.substring(0, end) + "…";
        }
        return ": " + text;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
