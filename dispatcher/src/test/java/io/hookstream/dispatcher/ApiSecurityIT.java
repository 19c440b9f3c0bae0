package io.hookstream.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.embedded.EmbeddedKafkaBroker;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.Json;
import io.hookstream.testing.RecordCollector;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.WithEmbeddedKafka;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API's bearer tokens, request size limit and TLS, over real HTTP against the embedded broker. */
@WithEmbeddedKafka
class ApiSecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ENV_TOKEN = "env-token-" + UUID.randomUUID();
    private static final String FILE_TOKEN = "file-token-" + UUID.randomUUID();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaBroker broker;
    private Vertx vertx;
    private Dispatcher dispatcher;
    private String scheme = "http";

    @BeforeEach
    void setUp(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dispatcher != null) {
            dispatcher.stop().await(30, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutTheRightTokenNothingRunsAndEitherConfiguredTokenIsAccepted() throws Exception {
        start(Map.of());
        try (RecordCollector requests = RecordCollector.subscribe(
                broker.bootstrapServers(), dispatcher.config().kafka().topics().requests())) {
            java.net.http.HttpResponse<String> missing = post(request("no-token"), null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(tree(missing.body()).get("error").asText()).contains("Authorization: Bearer <token>");

            java.net.http.HttpResponse<String> wrong = post(request("wrong-token"), "not-" + ENV_TOKEN);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("invalid_token"));
            assertThat(wrong.body()).doesNotContain(ENV_TOKEN);
            assertThat(get("/v1/templates", null).statusCode()).isEqualTo(401);
            assertThat(get("/v1/dead-letters", null).statusCode()).isEqualTo(401);
            assertThat(get("/v1/cluster", "not-" + ENV_TOKEN).statusCode()).isEqualTo(401);
            assertThat(get("/v1/runs/no-token", "Basic " + ENV_TOKEN).statusCode())
                    .isEqualTo(401);

            assertThat(post(request("by-env-token"), ENV_TOKEN).statusCode()).isEqualTo(202);
            assertThat(post(request("by-file-token"), FILE_TOKEN).statusCode()).isEqualTo(202);
            assertThat(get("/v1/templates", FILE_TOKEN).statusCode()).isEqualTo(200);
            assertThat(get("/v1/dead-letters", FILE_TOKEN).statusCode()).isEqualTo(200);

            // one partition: the refused requests, had they been published, would come before the accepted ones
            List<ConsumerRecord<String, byte[]>> published = requests.awaitCount(2, WAIT);
            assertThat(published).extracting(ConsumerRecord::key).containsExactly("by-env-token", "by-file-token");
        }
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health", null).statusCode()).isIn(200, 503).isNotEqualTo(401);
        assertThat(get("/metrics", null).statusCode())
                .as("metrics open without --metrics-auth")
                .isEqualTo(200);
    }

    @Test
    void aChangedTokensFileIsReadAgain() throws Exception {
        start(Map.of());
        Files.writeString(dir.resolve("tokens"), "# rotated\nrotated-token\n");
        await("new token accepted")
                .atMost(WAIT)
                .until(() -> get("/v1/templates", "rotated-token").statusCode() == 200);
        assertThat(get("/v1/templates", FILE_TOKEN).statusCode())
                .as("removed token")
                .isEqualTo(401);
        assertThat(get("/v1/templates", ENV_TOKEN).statusCode())
                .as("env token unaffected")
                .isEqualTo(200);
    }

    @Test
    void metricsNeedATokenWithMetricsAuthWhileHealthStaysOpen() throws Exception {
        start(Map.of("metrics-auth", "true"));
        java.net.http.HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(401);
        assertThat(metrics.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(get("/metrics", ENV_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isNotEqualTo(401);
    }

    @Test
    void aBodyAboveTheLimitIsRefusedWith413AndNothingIsPublished() throws Exception {
        start(Map.of("max-request-bytes", "2048"));
        String big = request("too-big").replace("\"phase\"", "\"padding\":\"" + "x".repeat(4096) + "\",\"phase\"");
        try (RecordCollector requests = RecordCollector.subscribe(
                broker.bootstrapServers(), dispatcher.config().kafka().topics().requests())) {
            java.net.http.HttpResponse<String> declared = post(big, ENV_TOKEN);
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(tree(declared.body()).get("error").asText()).contains("2048");

            // chunked: no Content-Length, so the body handler's limit refuses it while reading
            java.net.http.HttpResponse<String> chunked = http.send(
                    HttpRequest.newBuilder(uri("/v1/runs"))
                            .timeout(WAIT)
                            .header("content-type", "application/json")
                            .header("Authorization", "Bearer " + ENV_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                    big.replace("too-big", "too-big-chunked").getBytes())))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(413);

            assertThat(post(request("small"), ENV_TOKEN).statusCode()).isEqualTo(202);
            assertThat(requests.awaitCount(1, WAIT))
                    .extracting(ConsumerRecord::key)
                    .containsExactly("small");
        }
    }

    @Test
    void httpsServesTheApiWithTheConfiguredCertificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        start(Map.of("http-tls-cert", cert.certificatePath(), "http-tls-key", cert.privateKeyPath()));
        // trusts only the configured certificate (host name not checked: it is issued to localhost, not 127.0.0.1)
        WebClient client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setSsl(true)
                        .setTrustOptions(cert.trustOptions())
                        .setVerifyHost(false));
        HttpResponse<Buffer> templates = client.get(dispatcher.httpPort(), "127.0.0.1", "/v1/templates")
                .putHeader("Authorization", "Bearer " + ENV_TOKEN)
                .send()
                .await(30, TimeUnit.SECONDS);
        assertThat(templates.statusCode()).isEqualTo(200);
        assertThat(templates.bodyAsString()).contains("echo-session");
        HttpResponse<Buffer> refused = client.get(dispatcher.httpPort(), "127.0.0.1", "/v1/templates")
                .send()
                .await(30, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(401);
        client.close();
    }

    @Test
    void aCertificateAndKeyThatDoNotLoadStopStartUpNamingBothSettings() throws Exception {
        Path cert = Files.writeString(
                dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n" + "-----END CERTIFICATE-----\n");
        Path key = Files.writeString(
                dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nbroken\n" + "-----END PRIVATE KEY-----\n");
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(
                TestSigning.ENV,
                Map.of(
                        "bootstrap-servers",
                        broker.bootstrapServers(),
                        "topic-prefix",
                        "tls-" + UUID.randomUUID().toString().substring(0, 6) + ".",
                        "topic-partitions",
                        "1",
                        "templates",
                        Path.of("..", "examples", "templates").toString(),
                        "http-host",
                        "127.0.0.1",
                        "http-port",
                        "0",
                        "http-tls-cert",
                        cert.toString(),
                        "http-tls-key",
                        key.toString())));

        Future<Dispatcher> started = Dispatcher.start(vertx, config);
        await("start-up fails").atMost(WAIT).until(started::isComplete);
        assertThat(started.failed()).isTrue();
        assertThat(started.cause().getMessage())
                .contains("--http-tls-cert")
                .contains("--http-tls-key")
                .contains(cert.toString());
    }

    @Test
    void withoutTokensTheApiStaysOpen() throws Exception {
        Map<String, String> flags = Map.of(
                "bootstrap-servers",
                broker.bootstrapServers(),
                "topic-prefix",
                "open-" + UUID.randomUUID().toString().substring(0, 6) + ".",
                "topic-partitions",
                "1",
                "templates",
                Path.of("..", "examples", "templates").toString(),
                "http-host",
                "127.0.0.1",
                "http-port",
                "0");
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(TestSigning.ENV, flags));
        assertThat(config.api().authEnabled()).isFalse();
        dispatcher = Dispatcher.start(vertx, config).await(60, TimeUnit.SECONDS);
        await("dispatcher assigned").atMost(WAIT).until(dispatcher::isAssigned);

        assertThat(post(request("open-run"), null).statusCode()).isEqualTo(202);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    }

    private void start(Map<String, String> extra) throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# API tokens of the test\n\n  " + FILE_TOKEN + "  \n");
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap-servers",
                broker.bootstrapServers(),
                "topic-prefix",
                "sec-" + UUID.randomUUID().toString().substring(0, 6) + ".",
                "topic-partitions",
                "1",
                "templates",
                Path.of("..", "examples", "templates").toString(),
                "http-host",
                "127.0.0.1",
                "http-port",
                "0",
                "api-tokens-file",
                tokens.toString()));
        flags.putAll(extra);
        DispatcherConfig config = DispatcherConfig.from(new ConfigReader(
                Map.of(
                        "HOOKSTREAM_API_TOKENS",
                        ENV_TOKEN + ", second-env-token",
                        "HOOKSTREAM_HOOK_SIGNING_KEYS",
                        TestSigning.KEYS),
                flags));
        scheme = config.api().tls() ? "https" : "http";
        dispatcher = Dispatcher.start(vertx, config).await(60, TimeUnit.SECONDS);
        await("dispatcher assigned").atMost(WAIT).until(dispatcher::isAssigned);
    }

    private static String request(String runId) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("runId", runId);
        root.put("phase", "pre-backup");
        ObjectNode session = root.putObject("session");
        session.put("name", "backup-1");
        session.put("namespace", "demo");
        ObjectNode invoker = session.putObject("invoker");
        invoker.put("apiGroup", "core.kubestash.com");
        invoker.put("kind", "BackupConfiguration");
        invoker.put("name", "backup");
        ObjectNode hook = root.withArray("hooks").addObject();
        hook.put("name", "echo");
        hook.putObject("hookTemplate").put("name", "echo-session").put("namespace", "demo");
        return root.toString();
    }

    private java.net.http.HttpResponse<String> get(String path, String auth) throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET();
        authorize(builder, auth);
        return http.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri("/v1/runs"))
                .timeout(WAIT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorize(builder, token);
        return http.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static void authorize(HttpRequest.Builder builder, String auth) {
        if (auth != null) {
            builder.header("Authorization", auth.contains(" ") ? auth : "Bearer " + auth);
        }
    }

    private URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + dispatcher.httpPort() + path);
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
