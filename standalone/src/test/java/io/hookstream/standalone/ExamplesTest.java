package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.hookstream.templates.catalog.TemplateValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped examples stay valid: every template loads without a problem and every request parses. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void everyExampleTemplateLoadsWithoutProblems() {
        CatalogSnapshot snapshot = new TemplateDirectory(EXAMPLES.resolve("templates")).load();

        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.templates()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(snapshot.templates().values())
                .allSatisfy(t ->
                        assertThat(TemplateValidator.validate(t)).as(t.name()).isEmpty());
        assertThat(snapshot.namespaceLabels()).containsKeys("prod", "staging");
    }

    @Test
    void everyExampleRequestParsesAsARunRequest() throws Exception {
        List<Path> requests;
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("requests"))) {
            requests = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
        for (Path request : requests) {
            RunRequest parsed = Json.mapper().readValue(request.toFile(), RunRequest.class);
            assertThat(parsed.hooks()).as(request.toString()).isNotEmpty();
            assertThat(parsed.phase()).as(request.toString()).isNotNull();
        }
    }
}
