package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** compose/docker-compose.yml cannot be started here (no Docker engine): check what can be checked offline. */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "compose", "docker-compose.yml");

    /** Parsed with SnakeYAML, which resolves the anchors and merge keys the file uses. */
    private static JsonNode services() throws Exception {
        Object compose = new Yaml().load(Files.readString(COMPOSE));
        return Json.mapper().valueToTree(compose).get("services");
    }

    @Test
    void composeFileParsesAndHasKafkaDispatcherAndScalableWorker() throws Exception {
        JsonNode services = services();

        assertThat(services.has("kafka")).isTrue();
        assertThat(services.has("dispatcher")).isTrue();
        JsonNode worker = services.get("worker");
        assertThat(worker).isNotNull();
        assertThat(worker.has("container_name"))
                .as("a named container cannot scale")
                .isFalse();
        assertThat(worker.has("ports")).as("fixed host ports cannot scale").isFalse();
        assertThat(services.get("dispatcher").get("healthcheck")).isNotNull();
        assertThat(services.get("kafka").get("healthcheck")).isNotNull();
        assertThat(services.get("worker")
                        .get("depends_on")
                        .get("kafka")
                        .get("condition")
                        .asText())
                .isEqualTo("service_healthy");
        assertThat(services.get("dispatcher").get("command").get(0).asText()).isEqualTo("dispatcher");
        assertThat(services.get("worker").get("command").get(0).asText()).isEqualTo("worker");
    }

    @Test
    void dispatcherAndWorkersShareTheSigningKeysFileWhichIsNotCommitted() throws Exception {
        JsonNode services = services();

        for (String service : List.of("dispatcher", "worker")) {
            assertThat(services.get(service).get("env_file").asText())
                    .as(service)
                    .isEqualTo("signing.env");
            assertThat(services.get(service)
                            .at("/environment/HOOKSTREAM_HOOK_SIGNING")
                            .isMissingNode())
                    .as(service + " must not disable signing")
                    .isTrue();
        }
        assertThat(Files.readString(Path.of("..", ".gitignore"))).contains("compose/signing.env");
        assertThat(Files.readString(COMPOSE)).contains("HOOKSTREAM_HOOK_SIGNING_KEYS=$(./hookstream signing-key");
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() throws Exception {
        JsonNode services = services();
        List<String> images = new ArrayList<>();
        services.forEach(service -> images.add(service.get("image").asText()));

        assertThat(images).hasSize(5).allSatisfy(image -> {
            assertThat(image).contains(":");
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(tag).as(image).isNotIn("latest", "stable", "edge").matches(".*\\d+\\.\\d+\\.\\d+.*");
        });
        assertThat(images)
                .anySatisfy(image -> assertThat(image).startsWith("apache/kafka:"))
                .anySatisfy(image -> assertThat(image).startsWith("prom/prometheus:"))
                .anySatisfy(image -> assertThat(image).startsWith("grafana/grafana:"));
        assertThat(services.get("dispatcher").get("image").asText())
                .as("hookstream's own image, built by Jib")
                .isEqualTo(services.get("worker").get("image").asText())
                .startsWith("ghcr.io/hookstream/hookstream:");
    }
}
