package io.hookstream.templates.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.NamespaceManifest;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.templates.catalog.internal.FileContents;
import io.hookstream.templates.catalog.internal.Located;
import io.hookstream.templates.catalog.internal.ManifestBinder;
import io.hookstream.templates.catalog.internal.ManifestReader;
import io.hookstream.templates.catalog.internal.ParsedFile;
import io.hookstream.templates.catalog.internal.ShapeCheck;
import io.hookstream.templates.catalog.internal.YamlDocument;
import io.hookstream.templates.policy.UsagePolicyCheck;
import io.hookstream.templates.render.ActionRenderer;
import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.JsonMutator;
import io.hookstream.testing.fuzz.Mutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated HookTemplate manifests (text-level YAML mutations, structural mutations written as JSON or YAML,
 * alias bombs, deep nesting, many documents), starting from the shipped examples and KubeStash's sample: the
 * reader, binder, validator, usage policy and expression check never throw; a file that cannot be parsed says
 * why and on which line; every problem of a parsed file names a line or a field and says what to do. Some cases
 * go through a real {@link TemplateDirectory} on disk. The examples load without problems.
 */
class HookTemplateFuzzTest {

    private static final ObjectMapper YAML =
            Json.configure(YAMLMapper.builder()).build();
    private static final List<String> YAML_TOKENS = List.of(
            "\n",
            "  ",
            "- ",
            ": ",
            "---\n",
            "&a ",
            "*a",
            "!!binary ",
            "!!python/object:os.system ",
            "<<: *a\n",
            "? ",
            "|\n",
            ">-\n",
            "{",
            "}",
            "[",
            "]",
            "#",
            "\t",
            "'",
            "\"",
            "%YAML 1.2\n",
            "...\n",
            "null",
            "~",
            "0x1F",
            "1e400",
            "yes",
            "on",
            "kind: ",
            "HookTemplate",
            "spec:",
            "action:",
            "exec:",
            "command:",
            "{{ .Params.X }}",
            "{{",
            "}}",
            "from: Selector",
            "selector:",
            "matchLabels:",
            "matchExpressions:",
            "operator: In",
            "params:",
            "name: ",
            "port: ",
            "executor:",
            "type: Pod",
            "type: Function",
            "apiVersion: v1\n",
            "!!map ",
            "!!str ",
            "!!int ",
            "\u00e9",
            "\ufeff");

    private static final List<String> SEEDS = new ArrayList<>();
    private static final ManifestReader READER = new ManifestReader(YAML, Json.mapper());
    private static final ManifestBinder BINDER = new ManifestBinder(YAML);
    private static final ShapeCheck SHAPES = new ShapeCheck(YAML);
    private static final Path FILE = Path.of("fuzz.yaml");

    @TempDir
    static Path dir;

    private record Input(String text, boolean json, boolean onDisk, boolean pristine) {
        @Override
        public String toString() {
            return (json ? "JSON" : "YAML") + (onDisk ? " on disk" : "") + (pristine ? " (an example, unchanged)" : "")
                    + ": " + Mutator.show(text);
        }
    }

    @BeforeAll
    static void loadSeeds() throws IOException {
        for (Path folder :
                List.of(Path.of("..", "examples", "templates"), Path.of("src", "test", "resources", "catalog"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    SEEDS.add(Files.readString(file));
                }
            }
        }
        assertThat(SEEDS).hasSizeGreaterThan(5);
    }

    @Test
    void everyManifestLoadsOrIsReportedByLineAndField() {
        Map<String, Integer> seen = Fuzz.<Input>target("hooktemplate-reader")
                .cases(2000)
                .deadline(Duration.ofSeconds(5))
                .describe(Input::toString)
                .reproduceWith("-pl templates test -Dtest=HookTemplateFuzzTest")
                .run(HookTemplateFuzzTest::generate, HookTemplateFuzzTest::check);

        assertThat(seen.getOrDefault("unparsable", 0))
                .as("files that do not parse")
                .isGreaterThan(200);
        assertThat(seen.getOrDefault("problems", 0)).as("files with problems").isGreaterThan(500);
        assertThat(seen.getOrDefault("loaded", 0))
                .as("files loaded without problems")
                .isGreaterThan(100);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        JsonMutator json = new JsonMutator(mutator, 3000);
        String seed = mutator.pick(SEEDS);
        boolean onDisk = random.nextInt(15) == 0;
        return switch (random.nextInt(20)) {
            case 0 -> new Input(seed, false, onDisk, true);
            case 1 -> new Input(mutator.randomTokens(YAML_TOKENS, 30), false, onDisk, false);
            case 2 -> new Input(bomb(mutator), false, onDisk, false);
            case 3, 4, 5, 6, 7 -> new Input(mutator.mutateText(seed, YAML_TOKENS, 4), false, onDisk, false);
            default -> {
                JsonNode document = firstDocument(seed);
                String mutated = json.mutate(document, 1 + random.nextInt(3));
                if (random.nextBoolean()) {
                    yield new Input(mutated, true, onDisk, false);
                }
                yield new Input(asYaml(mutated), false, onDisk, false);
            }
        };
    }

    /** Alias expansion, deep nesting, a huge scalar or many documents. */
    private static String bomb(Mutator mutator) {
        int size = 1 + mutator.random().nextInt(500);
        return switch (mutator.random().nextInt(5)) {
            case 0 ->
                "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
            case 1 -> "kind: HookTemplate\nspec: " + "[".repeat(size) + "]".repeat(size) + "\n";
            case 2 -> "kind: HookTemplate\nspec:\n" + nestedBlock(Math.min(size, 300));
            case 3 ->
                "apiVersion: core.kubestash.com/v1alpha1\nkind: HookTemplate\nmetadata:\n  name: "
                        + "x".repeat(size * 100) + "\n";
            default -> ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\n").repeat(size);
        };
    }

    private static String nestedBlock(int depth) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            out.append("  ".repeat(i)).append("a:\n");
        }
        return out.append("  ".repeat(depth + 1)).append("b: 1\n").toString();
    }

    private static JsonNode firstDocument(String yaml) {
        ParsedFile parsed = READER.parse(yaml, false);
        assertThat(parsed.isReadable()).as("seed parses: %s", parsed.failure()).isTrue();
        return parsed.documents().get(0).tree();
    }

    /** JSON text as block YAML when it parses, else unchanged (JSON is YAML flow style). */
    private static String asYaml(String json) {
        try {
            return YAML.writeValueAsString(Json.mapper().readTree(json));
        } catch (IOException | RuntimeException e) {
            return json;
        }
    }

    private static String check(Input input) throws IOException {
        if (input.onDisk()) {
            return checkOnDisk(input);
        }
        ParsedFile parsed = READER.parse(input.text(), input.json());
        if (!parsed.isReadable()) {
            assertThat(input.pristine())
                    .as("an example did not parse: %s", parsed.failure())
                    .isFalse();
            assertThat(parsed.failure()).isNotBlank().containsAnyOf("syntax error", "cannot be read", "appears twice");
            assertThat(parsed.failureLine()).isNotNegative();
            return "unparsable";
        }
        for (YamlDocument document : parsed.documents()) {
            if (!document.tree().isObject()) {
                continue; // the binder refuses it before any field is looked at
            }
            checkShapeAgreesWithBinding(document.tree(), HookTemplate.class);
            checkShapeAgreesWithBinding(document.tree(), NamespaceManifest.class);
        }
        FileContents contents = BINDER.bind(FILE, parsed.documents());
        for (LoadProblem problem : contents.problems()) {
            assertThat(problem.message()).isNotBlank();
            assertThat(problem.line() > 0 || !problem.field().isEmpty())
                    .as("%s names a line or a field", problem)
                    .isTrue();
        }
        for (Located<HookTemplate> template : contents.templates()) {
            checkLoaded(template.value());
        }
        if (contents.problems().isEmpty()) {
            return "loaded";
        }
        assertThat(input.pristine())
                .as("an example has problems: %s", contents.problems())
                .isFalse();
        return "problems";
    }

    /**
     * The field-by-field check refuses a tree exactly when binding it refuses it, and what it leaves (the tree
     * without the fields at fault) binds: so the loader reports every problem at once and never less than binding.
     */
    private static void checkShapeAgreesWithBinding(JsonNode tree, Class<?> type) {
        ShapeCheck.Result shape = SHAPES.check(tree, type);
        boolean binds;
        try {
            YAML.treeToValue(tree, type);
            binds = true;
        } catch (IOException | IllegalArgumentException e) {
            binds = false;
        }
        assertThat(shape.issues().isEmpty())
                .as(
                        "%s binds: %s; shape issues: %s",
                        type.getSimpleName(), binds, Mutator.show(shape.issues().toString()))
                .isEqualTo(binds);
        try {
            YAML.treeToValue(shape.pruned(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError("the tree without its fields at fault does not bind as " + type.getSimpleName()
                    + ": " + Mutator.show(e.getMessage()) + "; pruned: "
                    + Mutator.show(shape.pruned().toString()));
        }
    }

    /** What the dispatcher and the CLI do with a loaded template: validate, check its policy and expressions. */
    private static void checkLoaded(HookTemplate template) {
        TemplateValidator.validate(template);
        Problem policy = UsagePolicyCheck.check(template, "demo", null);
        if (policy != null) {
            assertThat(policy.message()).isNotBlank();
        }
        if (template.spec() != null) {
            Set<String> declared = template.spec().params().stream()
                    .map(ParameterDefinition::name)
                    .filter(name -> name != null)
                    .collect(Collectors.toSet());
            for (Problem problem : ActionRenderer.check(template.spec().action(), declared)) {
                assertThat(problem.field()).isNotBlank();
                assertThat(problem.message()).isNotBlank();
            }
        }
    }

    private static String checkOnDisk(Input input) throws IOException {
        Path folder = Files.createTempDirectory(dir, "case");
        Files.write(
                folder.resolve(input.json() ? "fuzz.json" : "fuzz.yaml"),
                input.text().getBytes(StandardCharsets.UTF_8));
        CatalogSnapshot snapshot = new TemplateDirectory(folder).load();
        for (LoadProblem problem : snapshot.problems()) {
            assertThat(problem.file()).isNotNull();
            assertThat(problem.message()).isNotBlank();
        }
        snapshot.templates().values().forEach(HookTemplateFuzzTest::checkLoaded);
        return snapshot.problems().isEmpty() ? "loaded" : "problems";
    }
}
