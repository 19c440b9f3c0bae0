package io.hookstream.templates.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.AllowedNamespaces;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.templates.catalog.LoadProblem;
import io.hookstream.templates.catalog.internal.FileContents;
import io.hookstream.templates.catalog.internal.Located;
import io.hookstream.templates.catalog.internal.ManifestBinder;
import io.hookstream.templates.catalog.internal.ManifestReader;
import io.hookstream.templates.catalog.internal.ParsedFile;
import io.hookstream.templates.policy.internal.SelectorRules;
import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.JsonMutator;
import io.hookstream.testing.fuzz.Mutator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HookTemplates with random usage policies — Same, All, Selector with random {@code matchLabels} and
 * {@code matchExpressions} (any key, operator and values, of any JSON type), sometimes mutated further — read
 * as a manifest and checked against random namespaces and labels: binding reports a bad selector by field,
 * {@link SelectorRules} names the broken rule, and {@link UsagePolicyCheck} allows or denies with a message and
 * never throws; All allows every namespace, Same exactly the template's own.
 */
class UsagePolicyFuzzTest {

    private static final YAMLMapper YAML = Json.configure(YAMLMapper.builder()).build();
    private static final ManifestReader READER = new ManifestReader(YAML, Json.mapper());
    private static final ManifestBinder BINDER = new ManifestBinder(YAML);
    private static final List<String> KEYS = List.of(
            "tier",
            "env",
            "kubernetes.io/metadata.name",
            "",
            " ",
            "example.com/team",
            "a".repeat(300),
            "\u00e9",
            "x/y/z");
    private static final List<String> VALUES =
            List.of("production", "staging", "demo", "", "prod", " ", "v".repeat(100), "\u0000");
    private static final List<String> OPERATORS =
            List.of("In", "NotIn", "Exists", "DoesNotExist", "in", "Gt", "", "Equals");

    private record Input(String manifest, String namespace, Map<String, String> labels) {
        @Override
        public String toString() {
            return "namespace " + Mutator.show(String.valueOf(namespace)) + ", labels "
                    + Mutator.show(String.valueOf(labels)) + ", manifest " + Mutator.show(manifest);
        }
    }

    @Test
    void everyPolicyAllowsOrDeniesWithAReason() {
        Map<String, Integer> seen = Fuzz.<Input>target("usage-policy-selector")
                .cases(3000)
                .deadline(Duration.ofSeconds(5))
                .describe(Input::toString)
                .reproduceWith("-pl templates test -Dtest=UsagePolicyFuzzTest")
                .run(UsagePolicyFuzzTest::generate, UsagePolicyFuzzTest::check);

        assertThat(seen.getOrDefault("allowed", 0)).as("allowed").isGreaterThan(200);
        assertThat(seen.getOrDefault("denied", 0)).as("denied").isGreaterThan(200);
        assertThat(seen.getOrDefault("not loaded", 0)).as("manifests refused").isGreaterThan(100);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        ObjectNode template = Json.mapper().createObjectNode();
        template.put("apiVersion", "core.kubestash.com/v1alpha1");
        template.put("kind", "HookTemplate");
        template.putObject("metadata").put("name", "t").put("namespace", mutator.pick(List.of("demo", "hooks")));
        ObjectNode spec = template.putObject("spec");
        spec.putObject("executor").put("type", "Operator");
        spec.putObject("action").putObject("tcpSocket").put("port", 80);
        if (mutator.chance(0.9)) {
            ObjectNode allowed = spec.putObject("usagePolicy").putObject("allowedNamespaces");
            allowed.put(
                    "from",
                    mutator.chance(0.9)
                            ? mutator.pick(List.of("Same", "All", "Selector", "Selector"))
                            : mutator.interestingString(20));
            if (mutator.chance(0.85)) {
                allowed.set("selector", selector(mutator));
            }
        }
        String manifest = mutator.chance(0.2) ? new JsonMutator(mutator, 500).mutate(template, 2) : template.toString();
        Map<String, String> labels = null;
        if (mutator.chance(0.8)) {
            labels = new HashMap<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                labels.put(mutator.pick(KEYS), mutator.pick(VALUES));
            }
        }
        String namespace = mutator.chance(0.8)
                ? mutator.pick(List.of("demo", "hooks", "prod", "staging"))
                : mutator.interestingString(100);
        return new Input(manifest, namespace, labels);
    }

    private static JsonNode selector(Mutator mutator) {
        ObjectNode selector = Json.mapper().createObjectNode();
        if (mutator.chance(0.6)) {
            ObjectNode labels = selector.putObject("matchLabels");
            for (int n = mutator.random().nextInt(3); n > 0; n--) {
                labels.set(mutator.pick(KEYS), value(mutator));
            }
        }
        if (mutator.chance(0.7)) {
            ArrayNode expressions = selector.putArray("matchExpressions");
            for (int n = mutator.random().nextInt(3); n > 0; n--) {
                ObjectNode expression = expressions.addObject();
                if (mutator.chance(0.9)) {
                    expression.set(
                            "key",
                            mutator.chance(0.9)
                                    ? Json.mapper().getNodeFactory().textNode(mutator.pick(KEYS))
                                    : value(mutator));
                }
                if (mutator.chance(0.95)) {
                    expression.put("operator", mutator.pick(OPERATORS));
                }
                if (mutator.chance(0.7)) {
                    ArrayNode values = expression.putArray("values");
                    for (int v = mutator.random().nextInt(3); v > 0; v--) {
                        values.add(value(mutator));
                    }
                }
            }
        }
        return selector;
    }

    private static JsonNode value(Mutator mutator) {
        var nodes = Json.mapper().getNodeFactory();
        return switch (mutator.random().nextInt(10)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.numberNode(mutator.random().nextInt(100));
            case 2 -> nodes.booleanNode(true);
            case 3 -> nodes.arrayNode().add("x");
            case 4 -> nodes.objectNode().put("a", "b");
            default -> nodes.textNode(mutator.pick(VALUES));
        };
    }

    private static String check(Input input) {
        ParsedFile parsed = READER.parse(input.manifest(), true);
        if (!parsed.isReadable()) {
            assertThat(parsed.failure()).isNotBlank();
            return "not loaded";
        }
        FileContents contents = BINDER.bind(Path.of("policy.json"), parsed.documents());
        for (LoadProblem problem : contents.problems()) {
            assertThat(problem.message()).isNotBlank();
            assertThat(problem.line() > 0 || !problem.field().isEmpty())
                    .as("%s names a line or a field", problem)
                    .isTrue();
        }
        if (contents.templates().isEmpty()) {
            return "not loaded";
        }
        Located<HookTemplate> located = contents.templates().get(0);
        HookTemplate template = located.value();
        var allowed = template.spec() == null
                ? new AllowedNamespaces(FromNamespaces.Same, null)
                : template.spec().effectiveUsagePolicy().allowedNamespaces();
        if (allowed.selector() != null) {
            String field = "spec.usagePolicy.allowedNamespaces.selector";
            for (Problem problem : SelectorRules.check(allowed.selector(), field)) {
                assertThat(problem.field()).startsWith(field);
                assertThat(problem.message()).isNotBlank();
            }
        }
        Problem denial = UsagePolicyCheck.check(template, input.namespace(), input.labels());
        if (allowed.from() == FromNamespaces.All) {
            assertThat(denial).as("from: All").isNull();
        }
        if (allowed.from() == FromNamespaces.Same) {
            assertThat(denial == null)
                    .as("from: Same")
                    .isEqualTo(template.namespace().equals(input.namespace()));
        }
        if (denial == null) {
            return "allowed";
        }
        assertThat(denial.field()).isEqualTo("hookTemplate");
        assertThat(denial.reason()).isEqualTo(Reasons.NAMESPACE_NOT_ALLOWED);
        assertThat(denial.message()).contains("HookTemplate " + template.namespace() + "/" + template.name());
        return "denied";
    }
}
