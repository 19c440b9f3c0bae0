package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hookstream.cli.internal.HttpRunTransport;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.RunRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP transport sends the API token and explains a 401, against a real HTTP server on loopback. */
class HttpRunTransportTest {

    private static final String TOKEN = "t0ken-for-tests";
    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private URI base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/runs", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            boolean ok = ("Bearer " + TOKEN).equals(auth);
            byte[] body = (ok ? "{\"runId\":\"r-1\",\"status\":\"Running\"}" : "{\"error\":\"send a bearer token\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(ok ? 202 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static RunRequest request() throws Exception {
        return Json.mapper().readValue("""
                {"runId": "r-1", "phase": "pre-backup",
                 "session": {"name": "s", "namespace": "demo"},
                 "hooks": [{"name": "h", "hookTemplate": {"name": "t"}}]}""", RunRequest.class);
    }

    @Test
    void theTokenIsSentAsABearerHeader() throws Exception {
        HttpRunTransport transport = new HttpRunTransport(base, TOKEN, new PrintWriter(new StringWriter()));

        assertThat(transport.submit(request()))
                .as("accepted: no rejection to report")
                .isNull();
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void aRefusedOrMissingTokenIsOneClearErrorSayingWhatToSet() throws Exception {
        HttpRunTransport without = new HttpRunTransport(base, null, new PrintWriter(new StringWriter()));
        HttpRunTransport wrong = new HttpRunTransport(base, "nope", new PrintWriter(new StringWriter()));

        assertThatThrownBy(() -> without.submit(request()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("set HOOKSTREAM_API_TOKEN");
        assertThatThrownBy(() -> wrong.submit(request()))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("was refused")
                .hasMessageNotContaining("nope");
        assertThat(authorizations).containsExactly("null", "Bearer nope");
    }
}
