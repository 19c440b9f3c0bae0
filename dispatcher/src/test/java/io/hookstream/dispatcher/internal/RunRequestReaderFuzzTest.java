package io.hookstream.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookstream.dispatcher.DispatcherConfig;
import io.hookstream.kafka.ConfigReader;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.templates.catalog.CatalogSnapshot;
import io.hookstream.templates.catalog.TemplateDirectory;
import io.hookstream.testing.TestSigning;
import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.JsonMutator;
import io.hookstream.testing.fuzz.Mutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random run requests — plain JSON, CloudEvents binary mode (random {@code ce_*} and content-type
 * headers) and structured mode — through the reader, then the validator over the example templates, then the
 * outcome the HTTP API would answer: nothing throws; bytes that are no JSON object are Malformed with a message
 * saying what and where; a JSON object that does not fit is Invalid naming the field; a parsed request is accepted
 * or rejected with problems that each name a field; every outcome serialises. The examples parse unchanged.
 */
class RunRequestReaderFuzzTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/cloudevents+json",
            "application/cloudevents+json; charset=utf-8",
            "text/plain",
            "",
            "application/cloudevents-batch+json",
            "application/json; charset=latin1");

    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static CatalogSnapshot catalog;
    private static RequestValidator validator;

    private record Input(byte[] value, Map<String, String> attributes, boolean pristine) {
        @Override
        public String toString() {
            return "attributes " + Mutator.show(String.valueOf(attributes)) + ", value " + Mutator.show(value)
                    + (pristine ? " (an unchanged example)" : "");
        }
    }

    @BeforeAll
    static void loadExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("requests"))) {
            for (Path file : files.sorted().toList()) {
                SEEDS.add(Files.readAllBytes(file));
            }
        }
        assertThat(SEEDS).as("example requests").isNotEmpty();
        catalog = new TemplateDirectory(EXAMPLES.resolve("templates")).load();
        validator = new RequestValidator(DispatcherConfig.from(new ConfigReader(TestSigning.ENV, Map.of())));
    }

    @Test
    void everyRequestIsReadOrRefusedNamingWhatIsWrong() {
        Map<String, Integer> seen = Fuzz.<Input>target("run-request-reader")
                .cases(3000)
                .deadline(Duration.ofSeconds(5))
                .describe(Input::toString)
                .reproduceWith("-pl dispatcher test -Dtest=RunRequestReaderFuzzTest")
                .run(RunRequestReaderFuzzTest::generate, RunRequestReaderFuzzTest::check);

        assertThat(seen.getOrDefault("malformed", 0)).as("malformed").isGreaterThan(300);
        assertThat(seen.getOrDefault("invalid", 0)).as("invalid").isGreaterThan(300);
        assertThat(seen.getOrDefault("rejected", 0)).as("parsed and rejected").isGreaterThan(300);
        assertThat(seen.getOrDefault("accepted", 0)).as("parsed and accepted").isGreaterThan(100);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        JsonMutator json = new JsonMutator(mutator, 5000);
        JsonNode seed = tree(mutator.pick(SEEDS));
        boolean structured = random.nextInt(4) == 0;
        JsonNode document = structured ? structured(seed) : seed;
        Map<String, String> attributes = attributes(mutator, structured);
        int kind = random.nextInt(20);
        if (kind == 8) { // an example as it is, plain or in binary mode
            attributes.remove("content-type");
            return new Input(bytes(seed), attributes, true);
        }
        byte[] value = switch (kind) {
            case 0 -> new byte[0];
            case 1, 2 -> mutator.randomBytes(200);
            case 3 -> Mutator.utf8(json.randomTree(4).toString());
            case 4 -> Mutator.utf8(JsonMutator.nested(1 + random.nextInt(5000), random.nextBoolean()));
            case 5, 6 -> mutator.mutateBytes(bytes(document), 4);
            case 7 -> mutator.mutateBytes(Mutator.utf8(json.mutate(document, 3)), 2);
            default -> Mutator.utf8(json.mutate(document, 3));
        };
        return new Input(value, attributes, false);
    }

    private static Map<String, String> attributes(Mutator mutator, boolean structured) {
        Map<String, String> attributes = new HashMap<>();
        if (structured) {
            attributes.put("content-type", "application/cloudevents+json");
        } else if (mutator.chance(0.5)) {
            attributes.put("content-type", mutator.chance(0.7) ? "application/json" : mutator.pick(CONTENT_TYPES));
        }
        if (mutator.chance(0.4)) {
            attributes.put("ce_specversion", mutator.chance(0.7) ? "1.0" : mutator.interestingString(50));
            attributes.put(
                    "ce_id",
                    mutator.chance(0.5) ? "evt-" + mutator.random().nextInt(1000) : mutator.interestingString(300));
            attributes.put("ce_type", mutator.chance(0.5) ? "io.hookstream.run.requested" : null);
            attributes.put("ce_source", mutator.interestingString(100));
        }
        if (mutator.chance(0.1)) {
            attributes.put(mutator.pick(List.of("content-type", "ce_id", "ce_specversion")), null);
        }
        if (mutator.chance(0.05)) {
            attributes.put("content-type", mutator.pick(CONTENT_TYPES));
        }
        return attributes;
    }

    private static JsonNode structured(JsonNode request) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "evt-1");
        event.put("type", "io.hookstream.run.requested");
        event.put("source", "/orchestrator");
        event.set("data", request.deepCopy());
        return event;
    }

    private static String check(Input input) throws Exception {
        RunRequestReader.Read read = RunRequestReader.read(input.value(), input.attributes());
        assertThat(read).isNotNull();
        if (read instanceof RunRequestReader.Malformed malformed) {
            assertThat(input.pristine())
                    .as("an example was refused: %s", malformed.message())
                    .isFalse();
            // a syntax error says where; a limit (nesting depth, number length) says which
            assertThat(malformed.message())
                    .matches(
                            "(?s)(empty value|expected a JSON object|not JSON at line \\d+, "
                                    + "column \\d+: |not JSON: .*(depth|length|exceeds).*|CloudEvents structured mode: 'data').+");
            return "malformed";
        }
        if (read instanceof RunRequestReader.Invalid invalid) {
            assertThat(input.pristine())
                    .as("an example was refused: %s", invalid.problem())
                    .isFalse();
            assertNamesAField(invalid.problem());
            serialise(RunState.rejected(invalid.runId(), null, null, List.of(invalid.problem()), Instant.now()));
            return "invalid";
        }
        RunRequest request = ((RunRequestReader.Parsed) read).request();
        RunRequest withId = request.withRunId(request.runId() != null ? request.runId() : "fuzz-run");
        Json.mapper().writeValueAsBytes(withId); // the HTTP API re-publishes it
        RequestValidator.Validation validation = validator.validate(withId, catalog);
        if (validation.accepted()) {
            serialise(RunState.accepted(
                    withId.runId(), withId.phase(), withId.session(), validation.plan(), Instant.now()));
            return "accepted";
        }
        validation.problems().forEach(RunRequestReaderFuzzTest::assertNamesAField);
        serialise(RunState.rejected(
                withId.runId(), withId.phase(), withId.session(), validation.problems(), Instant.now()));
        return "rejected";
    }

    private static void assertNamesAField(Problem problem) {
        assertThat(problem).isNotNull();
        assertThat(problem.reason()).isNotBlank();
        assertThat(problem.message()).isNotBlank();
        if (problem.field() == null || problem.field().isEmpty()) {
            // only an unknown field named "" has no path; the message names it
            assertThat(problem.message()).as("the field of %s", problem).startsWith("unknown field ''");
        }
    }

    private static void serialise(RunState run) throws IOException {
        assertThat(Json.mapper().writeValueAsString(run.toOutcome())).isNotEmpty();
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
