package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.event.Reasons;
import io.hookstream.worker.executor.AbortSignal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code action.httpGet} / {@code action.httpPost} with the Vert.x HTTP client; 200 to 399 is success (as
 * Kubernetes probes), anything else fails with the status and the start of the body. TLS uses the JVM's default
 * trust store and verifies the host name.
 *
 * <p>With a {@link NetworkPolicy} (Operator executor) the host is resolved and checked before connecting, the
 * connection goes to the checked address (Host header and SNI stay the name), and up to {@code maxRedirects}
 * redirects are followed by hand, each target checked the same way (301/302/303 become GET without body; 307/308
 * keep method and body; the action's headers go along only to the same scheme, host and port). Without a policy
 * (Pod executor) no redirect is followed and a 3xx is the result.
 */
public final class HttpStep implements Step {

    /** Characters of a failing response's body quoted in the message. */
    public static final int BODY_EXCERPT_CHARS = 200;

    private static final int BODY_KEEP_BYTES = 4 * BODY_EXCERPT_CHARS;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Vertx vertx;
    private final HttpClient client;
    private final HttpRequestSpec spec;
    private final NetworkPolicy policy;
    private final int maxRedirects;

    /** Without network checks and redirects (Pod executor). */
    public HttpStep(Vertx vertx, HttpClient client, HttpRequestSpec spec) {
        this(vertx, client, spec, null, 0);
    }

    public HttpStep(Vertx vertx, HttpClient client, HttpRequestSpec spec, NetworkPolicy policy, int maxRedirects) {
        this.vertx = vertx;
        this.client = client;
        this.spec = spec;
        this.policy = policy;
        this.maxRedirects = maxRedirects;
    }

    @Override
    public String kind() {
        return spec.kind();
    }

    /** One request of the chain: the first, or one to a redirect's Location. */
    private record Hop(
            HttpMethod method,
            Endpoint endpoint,
            String uri,
            List<Map.Entry<String, String>> headers,
            Buffer body,
            int redirects) {}

    @Override
    public Future<StepOutcome> run(Deadline deadline, AbortSignal abort) {
        Context context = vertx.getOrCreateContext();
        Promise<StepOutcome> outcome = Promise.promise();
        HttpClientRequest[] request = new HttpClientRequest[1];
        long timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> {
            if (outcome.tryComplete(StepOutcome.timedOut(field() + ": no complete response from "
                            + spec.endpoint().describe() + " within the " + deadline.describe() + " timeout"))
                    && request[0] != null) {
                request[0].reset();
            }
        });
        abort.onAbort(() -> context.runOnContext(ignored -> {
            if (outcome.future().isComplete()) {
                return;
            }
            vertx.cancelTimer(timer);
            HttpClientRequest current = request[0];
            if (current == null) {
                outcome.tryComplete(
                        StepOutcome.aborted(abort, field() + " was stopped before any request was" + " sent"));
                return;
            }
            closeConnection(current)
                    .onComplete(closed -> outcome.tryComplete(StepOutcome.aborted(
                            abort,
                            field()
                                    + " was stopped: the request to "
                                    + spec.endpoint().describe() + " was abandoned and its"
                                    + " connection closed")));
        }));
        Hop first = new Hop(spec.method(), spec.endpoint(), spec.uri(), spec.headers(), spec.body(), 0);
        send(first, deadline, request, outcome, abort).onComplete(result -> {
            if (abort.aborted()) {
                return; // the abort completes the outcome once the connection is closed
            }
            vertx.cancelTimer(timer);
            outcome.tryComplete(
                    result.succeeded()
                            ? result.result()
                            : StepOutcome.failed(
                                    Reasons.HTTP_ERROR,
                                    field() + ": request to " + first.endpoint().describe() + " failed: "
                                            + describe(result.cause())));
        });
        return outcome.future();
    }

    /** Resets the request and closes its connection (HTTP/1.1: the connection is this request's alone). */
    private static Future<Void> closeConnection(HttpClientRequest request) {
        HttpConnection connection = request.connection();
        return request.reset()
                .transform(ignored -> connection == null ? Future.<Void>succeededFuture() : connection.close());
    }

    private Future<StepOutcome> send(
            Hop hop, Deadline deadline, HttpClientRequest[] request, Promise<StepOutcome> outcome, AbortSignal abort) {
        String field = hop.redirects() == 0 ? field() : field() + " (redirect " + hop.redirects() + ")";
        Future<NetworkPolicy.Decision> checked = policy == null
                ? Future.succeededFuture(new NetworkPolicy.Decision(null, null, null))
                : policy.check(field, hop.endpoint().host());
        return checked.compose(decision -> {
            if (decision.refusal() != null) {
                return Future.succeededFuture(StepOutcome.failed(Reasons.TARGET_NOT_ALLOWED, decision.refusal()));
            }
            if (decision.lookupError() != null) {
                return Future.succeededFuture(StepOutcome.failed(Reasons.HTTP_ERROR, decision.lookupError()));
            }
            if (outcome.future().isComplete() || abort.aborted()) {
                return Future.failedFuture("stopped");
            }
            return exchange(hop, decision.address(), deadline, request, outcome, abort);
        });
    }

    private Future<StepOutcome> exchange(
            Hop hop,
            InetAddress address,
            Deadline deadline,
            HttpClientRequest[] request,
            Promise<StepOutcome> outcome,
            AbortSignal abort) {
        RequestOptions options = new RequestOptions()
                .setMethod(hop.method())
                .setHost(hop.endpoint().host())
                .setPort(hop.endpoint().port())
                .setSsl(hop.endpoint().tls())
                .setURI(hop.uri())
                .setFollowRedirects(false)
                .setConnectTimeout(Math.max(1, deadline.remainingMillis()) + 1_000);
        if (address != null) {
            options.setServer(SocketAddress.inetSocketAddress(hop.endpoint().port(), address.getHostAddress()));
        }
        hop.headers().forEach(header -> options.addHeader(header.getKey(), header.getValue()));
        return client.request(options)
                .compose(created -> {
                    request[0] = created;
                    if (outcome.future().isComplete() || abort.aborted()) {
                        closeConnection(created);
                        return Future.failedFuture("stopped");
                    }
                    return hop.body() == null ? created.send() : created.send(hop.body());
                })
                .compose(response -> {
                    String location = response.getHeader("Location");
                    if (policy == null
                            || maxRedirects == 0
                            || !REDIRECTS.contains(response.statusCode())
                            || location == null
                            || location.isBlank()) {
                        return readExcerpt(hop, response);
                    }
                    int status = response.statusCode();
                    return response.end().compose(ignored -> {
                        request[0] = null; // its connection went back to the pool: an abort must not close it
                        if (hop.redirects() >= maxRedirects) {
                            return Future.succeededFuture(StepOutcome.failed(
                                            Reasons.HTTP_ERROR,
                                            field() + ": more"
                                                    + " than " + maxRedirects + " redirects, the last from "
                                                    + hop.endpoint().describe())
                                    .withHttpStatus(status));
                        }
                        Hop next;
                        try {
                            next = follow(hop, status, location);
                        } catch (IllegalArgumentException e) {
                            return Future.succeededFuture(
                                    StepOutcome.failed(Reasons.HTTP_ERROR, field() + ": " + e.getMessage())
                                            .withHttpStatus(status));
                        }
                        return send(next, deadline, request, outcome, abort);
                    });
                });
    }

    private Hop follow(Hop hop, int status, String location) {
        URI target;
        try {
            URI base = new URI((hop.endpoint().tls() ? "https" : "http") + "://"
                    + hostForUri(hop.endpoint().host()) + ":" + hop.endpoint().port() + hop.uri());
            target = base.resolve(location.trim());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "redirect from " + hop.endpoint().describe() + " has an unusable Location header");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            throw new IllegalArgumentException("redirect from " + hop.endpoint().describe()
                    + " to a location that is not an http(s) URL with a host");
        }
        boolean tls = scheme.equals("https");
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        Endpoint endpoint = new Endpoint(tls, host, port);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String uri = target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
        boolean keepMethod = status == 307 || status == 308;
        boolean sameOrigin = endpoint.equals(hop.endpoint());
        return new Hop(
                keepMethod ? hop.method() : HttpMethod.GET,
                endpoint,
                uri,
                sameOrigin ? hop.headers() : List.of(),
                keepMethod ? hop.body() : null,
                hop.redirects() + 1);
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private Future<StepOutcome> readExcerpt(Hop hop, HttpClientResponse response) {
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            int room = BODY_KEEP_BYTES - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        int status = response.statusCode();
        return response.end().map(ignored -> {
            StepOutcome result = status >= 200 && status < 400
                    ? StepOutcome.success()
                    : StepOutcome.failed(
                            Reasons.HTTP_STATUS,
                            field() + ": " + hop.method() + " " + hop.endpoint().describe() + " returned HTTP " + status
                                    + excerpt(kept));
            return result.withHttpStatus(status);
        });
    }

    private String field() {
        return "action." + spec.kind();
    }

    private static String excerpt(Buffer body) {
        String text = new String(body.getBytes(), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")
                .strip();
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
