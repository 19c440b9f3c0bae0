package io.hookstream.dispatcher.internal;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Route handlers that run before any API handler: the bearer-token check (401 with {@code WWW-Authenticate:
 * Bearer}) and the request size check on the declared {@code Content-Length} (413, before the body is read).
 * A request they refuse reaches no other handler, so nothing is published.
 */
final class ApiGuard {

    private static final String BEARER = "bearer ";
    private static final String STILL_ACCEPTED = "hookstream.stillAccepted";

    private final ApiTokens tokens;
    private final long maxRequestBytes;

    /** @param tokens the accepted tokens, or null when the API is unauthenticated */
    ApiGuard(ApiTokens tokens, long maxRequestBytes) {
        this.tokens = tokens;
        this.maxRequestBytes = maxRequestBytes;
    }

    void authenticate(RoutingContext ctx) {
        if (tokens == null) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            refuse(
                    ctx,
                    "Bearer realm=\"hookstream\"",
                    "missing bearer token: send the header 'Authorization: "
                            + "Bearer <token>' with one of the dispatcher's API tokens (--api-tokens-file or "
                            + "HOOKSTREAM_API_TOKENS)");
            return;
        }
        if (header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            refuse(
                    ctx,
                    "Bearer realm=\"hookstream\", error=\"invalid_request\"",
                    "the Authorization header is not " + "a bearer token: send 'Authorization: Bearer <token>'");
            return;
        }
        String token = header.substring(BEARER.length()).trim();
        if (!tokens.accepts(token)) {
            refuse(
                    ctx,
                    "Bearer realm=\"hookstream\", error=\"invalid_token\"",
                    "the bearer token is not accepted: "
                            + "use one of the tokens configured with --api-tokens-file or HOOKSTREAM_API_TOKENS");
            return;
        }
        // a long request (a run stream) asks again later: a token removed from the tokens file ends it
        ctx.put(STILL_ACCEPTED, (BooleanSupplier) () -> tokens.accepts(token));
        ctx.next();
    }

    /** Whether the request's token is still accepted (always true when the API has no tokens). */
    static BooleanSupplier stillAccepted(RoutingContext ctx) {
        BooleanSupplier check = ctx.get(STILL_ACCEPTED);
        return check == null ? () -> true : check;
    }

    void limitSize(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                HttpApi.error(ctx, 400, "Content-Length '" + length + "' is not a number");
                return;
            }
            if (declared > maxRequestBytes) {
                tooLarge(ctx);
                return;
            }
        }
        ctx.next();
    }

    void tooLarge(RoutingContext ctx) {
        // the body is not read: close the connection after the answer rather than draining it
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        HttpApi.error(
                ctx,
                413,
                "request body larger than " + maxRequestBytes + " bytes (--max-request-bytes); "
                        + "send a smaller request");
    }

    private static void refuse(RoutingContext ctx, String challenge, String message) {
        ctx.response().putHeader("WWW-Authenticate", challenge);
        HttpApi.error(ctx, 401, message);
    }
}
