package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's files as served (a real HTTP server on loopback) and as written: the security headers, and the
 * rules that keep attacker-controlled text from ever becoming markup or script (no inline script or style, no HTML
 * parsing of strings in the scripts).
 */
class ConsoleFilesTest {

    private static final List<String> SCRIPTS =
            List.of("app.js", "api.js", "dom.js", "runs.js", "run.js", "templates.js", "deadletters.js", "health.js");

    private Vertx vertx;
    private HttpClient client;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ConsoleFiles files = new ConsoleFiles();
        Router router = Router.router(vertx);
        router.get("/ui").handler(files::handle);
        router.get("/ui/*").handler(files::handle);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        port = server.actualPort();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void everyFileIsServedWithAPolicyThatAllowsOnlyThisOriginsScriptsAndNoFraming() throws Exception {
        for (String name : List.of("", "index.html", "console.css", "favicon.svg", "app.js", "run.js")) {
            HttpClientResponse response = get("/ui/" + name);
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            String csp = response.getHeader("Content-Security-Policy");
            assertThat(csp)
                    .as(name)
                    .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(get("/ui/app.js").getHeader("Content-Type")).startsWith("text/javascript");
    }

    @Test
    void theBarePathRedirectsAndUnknownFilesAre404() throws Exception {
        HttpClientResponse bare = get("/ui");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.getHeader("Location")).isEqualTo("/ui/");
        assertThat(get("/ui/secrets.json").statusCode()).isEqualTo(404);
        assertThat(get("/ui/..%2f..%2fetc%2fpasswd").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnchangedFileIsAnswered304ToItsEtag() throws Exception {
        String etag = get("/ui/app.js").getHeader("ETag");
        HttpClientResponse again = client.request(HttpMethod.GET, port, "127.0.0.1", "/ui/app.js")
                .compose(request -> request.putHeader("If-None-Match", etag).send())
                .await(10, TimeUnit.SECONDS);
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void thePageLoadsScriptsOnlyFromFilesAndNoScriptParsesHtml() throws IOException {
        String html = resource("index.html");
        Matcher scripts =
                Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("a script tag loads a file").contains("src=");
            assertThat(scripts.group(2).trim()).as("no inline script").isEmpty();
        }
        assertThat(count).isPositive();
        assertThat(html)
                .as("no inline styles or event handler attributes")
                .doesNotContain("style=")
                .doesNotContainPattern("\\son[a-z]+\\s*=");
        for (String script : SCRIPTS) {
            assertThat(resource(script))
                    .as(script + ": strings never become markup")
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
                    .doesNotContain("new Function", "DOMParser", "createContextualFragment");
        }
    }

    private HttpClientResponse get(String path) throws Exception {
        return client.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> request.send())
                .await(10, TimeUnit.SECONDS);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleFilesTest.class.getResourceAsStream("/io/hookstream/console/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
