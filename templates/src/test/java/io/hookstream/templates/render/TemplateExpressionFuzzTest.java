package io.hookstream.templates.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.templates.TemplateException;
import io.hookstream.testing.fuzz.Fuzz;
import io.hookstream.testing.fuzz.Mutator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated Go-template expressions — unknown functions and keywords, unbalanced delimiters and
 * parentheses, deep nesting, long pipelines, bad literals — rendered as an argv item, inside a {@code sh -c}
 * script and as an httpPost body, and checked as the CLI does: rendering succeeds or throws a
 * {@link TemplateException} (reason InvalidTemplateExpression) naming the field, never another exception, and
 * always finishes quickly (the evaluator has no loops, calls or I/O to run). Shell execution of rendered scripts
 * is fuzzed by {@link ShellTemplateFuzzTest}.
 */
class TemplateExpressionFuzzTest {

    private static final List<String> TOKENS = List.of(
            "{{",
            "}}",
            "{{- ",
            " -}}",
            " ",
            " ",
            ".",
            ".Name",
            ".Namespace",
            ".Invoker.Kind",
            ".Target.Name",
            ".Status.Phase",
            ".Status.Error",
            ".Params.X",
            ".Params.Y",
            ".Params.UNDECLARED",
            ".Nope",
            "|",
            "| ",
            "toJson",
            "dict",
            "default",
            "quote",
            "upper",
            "lower",
            "printf",
            "\"%s\"",
            "\"%d\"",
            "\"%q\"",
            "\"%\"",
            "\"%v %s\"",
            "\"x\"",
            "`raw`",
            "'a'",
            "1",
            "-1",
            "1.5",
            "0x10",
            "1e9",
            "true",
            "false",
            "nil",
            "(",
            ")",
            "$",
            "$x",
            ":=",
            "=",
            ",",
            "if",
            "else",
            "end",
            "range",
            "with",
            "template",
            "define",
            "block",
            "call",
            "index",
            "len",
            "and",
            "or",
            "not",
            "eq",
            "exec",
            "env",
            "/*",
            "*/",
            "{{/* c */}}",
            "\n",
            "\\",
            "\"unterminated",
            "\"\\u00e9\"",
            "\u00e9",
            "'");
    private static final List<String> VALID = List.of(
            "{{ .Name }}",
            "{{ .Params.X | quote }}",
            "{{ .Status.Phase | default \"running\" }}",
            "{{ dict \"db\" .Params.X \"ns\" .Namespace | toJson }}",
            "{{ printf \"%s-%d\" .Name 3 }}",
            "{{ upper (lower .Params.Y) }}",
            "echo \"{{ .Params.X }}\" for {{ .Invoker.Kind }}/{{ .Invoker.Name }}",
            "{{- .Target.Name -}}",
            "{{ toJson . }}",
            "{{ .Params.X | printf \"%q\" }}");
    private static final Set<String> DECLARED = Set.of("X", "Y");
    private static final Map<String, String> PARAMS = Map.of("X", "x'; touch /tmp/pwned; '", "Y", "$(id)");

    private enum Place {
        ARGV,
        SCRIPT,
        BODY
    }

    private record Input(String template, Place place) {
        @Override
        public String toString() {
            return place + ": " + Mutator.show(template);
        }
    }

    @Test
    void everyExpressionRendersOrIsRefusedNamingTheField() {
        Map<String, Integer> seen = Fuzz.<Input>target("template-expressions")
                .cases(4000)
                .deadline(Duration.ofSeconds(5))
                .describe(Input::toString)
                .reproduceWith("-pl templates test -Dtest=TemplateExpressionFuzzTest")
                .run(TemplateExpressionFuzzTest::generate, TemplateExpressionFuzzTest::check);

        assertThat(seen.getOrDefault("rendered", 0)).as("rendered").isGreaterThan(400);
        assertThat(seen.getOrDefault("refused", 0)).as("refused").isGreaterThan(400);
    }

    private static Input generate(Random random) {
        Mutator mutator = new Mutator(random);
        Place place = Place.values()[random.nextInt(Place.values().length)];
        int depth = 1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 300);
        String template = switch (random.nextInt(12)) {
            case 0, 1 -> mutator.pick(VALID);
            case 2, 3, 4, 5 -> mutator.mutateText(mutator.pick(VALID), TOKENS, 3);
            case 6, 7 -> "a {{ " + mutator.randomTokens(TOKENS, 12) + " }} b";
            case 8 -> mutator.randomTokens(TOKENS, 40);
            case 9 ->
                "{{ " + "(".repeat(depth) + ".Name" + ")".repeat(random.nextInt(10) == 0 ? depth - 1 : depth) + " }}";
            case 10 -> "{{ .Name" + " | upper".repeat(depth) + " }}" + "{{ .Name }}".repeat(random.nextInt(300));
            default -> "{{ " + "dict \"a\" (".repeat(depth) + "1" + ")".repeat(depth) + " | toJson }}";
        };
        return new Input(template, place);
    }

    private static String check(Input input) {
        HookAction action = switch (input.place()) {
            case ARGV -> new HookAction(new ExecAction(List.of("/bin/echo", input.template())), null, null, null, null);
            case SCRIPT ->
                new HookAction(new ExecAction(List.of("/bin/sh", "-c", input.template())), null, null, null, null);
            case BODY ->
                new HookAction(
                        null,
                        null,
                        new HttpPostAction("/hook", IntOrString.of(8080), null, null, null, input.template(), null),
                        null,
                        null);
        };
        String field = input.place() == Place.BODY ? "spec.action.httpPost.body" : "spec.action.exec.command[";
        for (Problem problem : ActionRenderer.check(action, DECLARED)) {
            assertThat(problem.reason()).isEqualTo(Reasons.INVALID_TEMPLATE_EXPRESSION);
            assertThat(problem.field()).startsWith(field);
            assertThat(problem.message()).isNotBlank();
        }
        try {
            HookAction rendered = ActionRenderer.render(action, new RenderContext(Fixtures.SESSION, PARAMS));
            assertThat(rendered).isNotNull();
            return "rendered";
        } catch (TemplateException e) {
            assertThat(e.reason()).isEqualTo(Reasons.INVALID_TEMPLATE_EXPRESSION);
            assertThat(e.field()).startsWith(field);
            assertThat(e.getMessage()).isNotBlank();
            return "refused";
        }
    }
}
