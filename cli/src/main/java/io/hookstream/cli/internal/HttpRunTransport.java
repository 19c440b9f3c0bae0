package io.hookstream.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.cli.CliException;
import io.hookstream.schemas.GoDuration;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.event.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Submits a run with {@code POST /v1/runs} and waits by long-polling {@code GET /v1/runs/{id}?wait=} in short
 * slices, so hooks are reported as they finish and progress keeps coming. A request the dispatcher rejects is
 * answered at once with its Rejected outcome. Cancels with {@code POST /v1/runs/{id}/cancel} (no {@code wait}: the
 * wait is the same long-poll).
 */
public final class HttpRunTransport implements RunTransport {

    /** One long-poll at most this long, so that finished hooks and progress show while the run goes on. */
    static final Duration SLICE = Duration.ofSeconds(2);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final PrintWriter err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    public HttpRunTransport(URI base, PrintWriter err) {
        this(base, null, err);
    }

    /** @param token bearer token of the dispatcher's API (null: none) */
    public HttpRunTransport(URI base, String token, PrintWriter err) {
        this.base = base;
        this.token = token;
        this.err = err;
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    @Override
    public RunOutcome submit(RunRequest request) {
        HttpRequest post = authorised(HttpRequest.newBuilder(URI.create(base + "/v1/runs")))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(RunRequests.bytes(request)))
                .build();
        HttpResponse<String> response = send(post);
        JsonNode body = tree(response.body());
        int status = response.statusCode();
        if (status == 200 || status == 202) {
            if (body.path("duplicate").asBoolean(false)) {
                err.println("run " + request.runId() + " was submitted before ("
                        + body.path("status").asText() + "); this is the same run, not a new one");
                err.flush();
            }
            return null;
        }
        if (status >= 400
                && status < 500
                && "Rejected".equals(body.path("status").asText())) {
            return convert(body, RunOutcome.class);
        }
        if (status == 401) {
            throw unauthorized();
        }
        throw new CliException(
                "DispatcherError",
                4,
                "the dispatcher at " + base + " answered " + status + error(body) + "; retry with the same --run-id "
                        + request.runId());
    }

    @Override
    public CancelAnswer cancel(CancelRequest cancel, Since since) {
        ObjectNode json = Json.mapper().createObjectNode();
        if (cancel.reason() != null) {
            json.put("reason", cancel.reason());
        }
        if (cancel.requestedBy() != null) {
            json.put("requestedBy", cancel.requestedBy());
        }
        URI uri =
                URI.create(base + "/v1/runs/" + URLEncoder.encode(cancel.runId(), StandardCharsets.UTF_8) + "/cancel");
        HttpResponse<String> response = send(authorised(HttpRequest.newBuilder(uri))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build());
        JsonNode body = tree(response.body());
        int status = response.statusCode();
        if ((status == 200 || status == 202) && body.hasNonNull("cancel")) {
            CancelAnswer.Kind kind;
            try {
                kind = CancelAnswer.Kind.valueOf(body.get("cancel").asText());
            } catch (IllegalArgumentException e) {
                throw new CliException(
                        "DispatcherError",
                        4,
                        "the dispatcher at " + base + " answered cancel '"
                                + body.get("cancel").asText() + "', which this version does not know");
            }
            RunOutcome run = body.hasNonNull("run") ? convert(body.get("run"), RunOutcome.class) : null;
            return new CancelAnswer(
                    cancel.runId(), kind, run, body.path("message").asText(null));
        }
        switch (status) {
            case 404 ->
                throw new CliException(
                        "RunNotFound",
                        1,
                        body.hasNonNull("error")
                                ? body.get("error").asText()
                                : "run " + cancel.runId() + " is unknown to the dispatcher at " + base
                                        + ": nothing to cancel");
            case 400 -> throw new CliException("InvalidOption", 2, "the dispatcher refused the cancel" + error(body));
            case 401 -> throw unauthorized();
            case 503 ->
                throw new CliException(
                        "KafkaUnavailable",
                        4,
                        "the dispatcher at " + base + " could not publish the cancel" + error(body));
            default ->
                throw new CliException(
                        "DispatcherError",
                        4,
                        "POST " + uri.getPath() + " answered " + status + error(body)
                                + "; retry: a repeated cancel is one cancel");
        }
    }

    private CliException unauthorized() {
        return new CliException(
                "Unauthorized",
                4,
                "the dispatcher at " + base + " wants a bearer token"
                        + (token == null
                                ? ": set HOOKSTREAM_API_TOKEN"
                                : ": the one given (HOOKSTREAM_API_TOKEN or"
                                        + " --api-token) was refused; check it with whoever runs the dispatcher"));
    }

    private static String error(JsonNode body) {
        return body.hasNonNull("error") ? ": " + body.get("error").asText() : "";
    }

    @Override
    public RunOutcome await(String runId, Duration timeout, Listener listener) {
        RunWait wait = new RunWait(timeout, listener);
        while (true) {
            long remaining = wait.remainingNanos();
            if (remaining <= 0) {
                return null;
            }
            Duration slice = Duration.ofMillis(
                    Math.max(1, Math.min(SLICE.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining))));
            URI uri = URI.create(base + "/v1/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "?wait="
                    + GoDuration.format(slice));
            HttpResponse<String> response = send(authorised(HttpRequest.newBuilder(uri))
                    .timeout(slice.plusSeconds(30))
                    .GET()
                    .build());
            if (response.statusCode() == 200) {
                RunOutcome view = convert(tree(response.body()), RunOutcome.class);
                wait.finishedHooks(view);
                if (view.status() != null && view.status() != RunStatus.Running) {
                    return view;
                }
            } else if (response.statusCode() == 404) {
                // not accepted yet (or it lives on another dispatcher that has not seen it): ask again shortly
                pause(Math.min(200, TimeUnit.NANOSECONDS.toMillis(remaining)));
            } else {
                JsonNode body = tree(response.body());
                throw new CliException(
                        "DispatcherError",
                        4,
                        "GET " + uri.getPath() + " answered " + response.statusCode() + error(body));
            }
            wait.waiting();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(
                    "DispatcherUnavailable",
                    4,
                    "cannot reach the dispatcher at " + base + " ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "); is it running? set --dispatcher-url, or use --via kafka");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", 1, "interrupted");
        }
    }

    private JsonNode tree(String body) {
        try {
            JsonNode tree =
                    body == null || body.isBlank() ? null : Json.mapper().readTree(body);
            return tree == null ? Json.mapper().createObjectNode() : tree;
        } catch (IOException e) {
            throw new CliException(
                    "DispatcherError",
                    4,
                    "the dispatcher at " + base + " answered no JSON: "
                            + body.lines().findFirst().orElse(""));
        }
    }

    private <T> T convert(JsonNode body, Class<T> type) {
        try {
            return Json.mapper().treeToValue(body, type);
        } catch (IOException e) {
            throw new CliException(
                    "DispatcherError",
                    4,
                    "the dispatcher at " + base + " answered a run this " + "version does not understand: "
                            + e.getMessage());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", 1, "interrupted");
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end with it
    }
}
