package io.hookstream.dispatcher.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console's files, {@code /ui/*}: read from the jar once at start-up and served from memory, with a
 * Content-Security-Policy that allows scripts, styles and requests to this origin only (no inline script, no
 * third party), and headers that stop framing, sniffing and referrers. The files hold no data and need no token:
 * every piece of data comes from {@code /v1/*}, which the page calls with the token the user signed in with.
 */
final class ConsoleFiles {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The console's files: name, content type. */
    private static final Map<String, String> FILES = files();

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("index.html", "text/html; charset=utf-8");
        files.put("console.css", "text/css; charset=utf-8");
        for (String script : List.of(
                "app.js", "api.js", "dom.js", "runs.js", "run.js", "templates.js", "deadletters.js", "health.js")) {
            files.put(script, "text/javascript; charset=utf-8");
        }
        files.put("favicon.svg", "image/svg+xml");
        return files;
    }

    private record File(String contentType, Buffer body, String etag) {}

    private final Map<String, File> files = new LinkedHashMap<>();

    ConsoleFiles() {
        for (Map.Entry<String, String> entry : FILES.entrySet()) {
            byte[] bytes = read(entry.getKey());
            files.put(entry.getKey(), new File(entry.getValue(), Buffer.buffer(bytes), etag(bytes)));
        }
    }

    void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.equals("/ui")) {
            ctx.response()
                    .setStatusCode(302)
                    .putHeader(HttpHeaders.LOCATION, "/ui/")
                    .end();
            return;
        }
        String name = path.substring("/ui/".length());
        File file = files.get(name.isEmpty() ? "index.html" : name);
        if (file == null) {
            // a page of the console is a fragment (#/runs/...); any other path is not a file of it
            HttpApi.error(ctx, 404, "no console file " + path + "; open /ui/");
            return;
        }
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.ETAG, file.etag());
        if (file.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, file.contentType()).end(file.body());
    }

    private static byte[] read(String name) {
        String resource = "/io/hookstream/console/" + name;
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
