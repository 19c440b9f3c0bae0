package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.Json;
import io.hookstream.testing.TestSigning;
import io.hookstream.worker.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Standalone mode with the shipped examples: embedded broker, dispatcher and workers in one process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneIT {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    static Path data;

    private Standalone standalone;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> flags = Map.of(
                "templates",
                EXAMPLES.resolve("templates").toString(),
                "http-port",
                "0",
                "http-host",
                "127.0.0.1",
                "worker-instances",
                "1",
                "worker-http-port",
                "0",
                "kubernetes",
                "false");
        standalone = Standalone.start(new Standalone.Options(
                null,
                0,
                data.resolve("kafka"),
                DispatcherConfig.from(new ConfigReader(TestSigning.ENV, flags)),
                WorkerConfig.from(new ConfigReader(TestSigning.ENV, flags))));
    }

    @AfterAll
    void stop() throws Exception {
        standalone.close();
    }

    @Test
    void theSeedSampleTemplateLoadsAndItsPodExecutorIsReportedAsNotSupported() throws Exception {
        JsonNode run = runExample("sample-hook.json");

        assertThat(run.get("status").asText()).isEqualTo("Failed");
        assertThat(run.get("hooks").get(0).get("reason").asText()).isEqualTo("ExecutorNotSupported");
    }

    @Test
    void theSelectorExampleRunsOnlyTheOnFailureHookInProd() throws Exception {
        JsonNode run = runExample("post-backup-notify-prod.json");

        assertThat(run.get("status").asText()).isEqualTo("Succeeded");
        assertThat(run.get("hooks")).extracting(h -> h.get("status").asText()).containsExactly("Succeeded", "Skipped");
    }

    @Test
    void theSelectorExampleIsRejectedFromStaging() throws Exception {
        HttpResponse<String> answer = post("post-backup-notify-staging-rejected.json");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("NamespaceNotAllowed", "staging");
    }

    @Test
    void theEmbeddedBrokerKeepsItsDataInTheNamedDirectory() {
        assertThat(standalone.embeddedBroker()).isTrue();
        assertThat(standalone.dataDir()).isEqualTo(data.resolve("kafka"));
        assertThat(data.resolve("kafka")).isNotEmptyDirectory();
    }

    private JsonNode runExample(String file) throws Exception {
        HttpResponse<String> posted = post(file);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String runId = Json.mapper().readTree(posted.body()).get("runId").asText();
        HttpResponse<String> run = http.send(
                HttpRequest.newBuilder(uri("/v1/runs/" + runId + "?wait=30s"))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(run.body());
    }

    private HttpResponse<String> post(String file) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/v1/runs"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Files.readString(EXAMPLES.resolve("requests").resolve(file))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + standalone.dispatcher().httpPort() + path);
    }
}
