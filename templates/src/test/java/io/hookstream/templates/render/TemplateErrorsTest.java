package io.hookstream.templates.render;

import static io.hookstream.templates.render.Fixtures.SESSION;
import static io.hookstream.templates.render.Fixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.schemas.event.Problem;
import io.hookstream.schemas.event.Reasons;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.templates.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TemplateErrorsTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> bodyFails(String template) {
        return assertThatThrownBy(() -> body(template, SESSION, Map.of("A", "secret-value")))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reasons.INVALID_TEMPLATE_EXPRESSION);
                    assertThat(e.field()).isEqualTo("spec.action.httpPost.body");
                    assertThat(e.getMessage()).doesNotContain("secret-value");
                });
    }

    @Test
    void unknownFieldNamesTheExpressionAndPosition() {
        bodyFails("hello\n  {{ .Nmae }}")
                .hasMessageContaining("{{ .Nmae }}")
                .hasMessageContaining("line 2, column 3")
                .hasMessageContaining("unknown field .Nmae")
                .hasMessageContaining(".Name, .Namespace, .Invoker, .Target, .Status, .Params");
        bodyFails("{{ .Invoker.Namespace }}").hasMessageContaining("unknown field .Namespace in .Invoker");
        bodyFails("{{ .status.Phase }}").hasMessageContaining("unknown field .status");
        bodyFails("{{ .Name.Length }}").hasMessageContaining("cannot read field .Length of .Name: it is a string");
    }

    @Test
    void deeplyNestedParenthesesAreRefusedInsteadOfOverflowingTheStack() {
        bodyFails("{{ " + "(".repeat(10_000) + ".Name" + ")".repeat(10_000) + " }}")
                .hasMessageContaining("parentheses are nested more than 100 deep");
        assertThat(body("{{ " + "(".repeat(100) + ".Name" + ")".repeat(100) + " }}"))
                .isEqualTo(SESSION.name());
    }

    @Test
    void undeclaredParamIsAnError() {
        bodyFails("x {{ .Params.UNDECLARED }}")
                .hasMessageContaining("{{ .Params.UNDECLARED }}")
                .hasMessageContaining("line 1, column 3")
                .hasMessageContaining("param 'UNDECLARED' is not declared in spec.params")
                .hasMessageContaining("[A]");
    }

    @Test
    void unknownFunctionIsAnError() {
        bodyFails("{{ .Name | b64enc }}")
                .hasMessageContaining("{{ .Name | b64enc }}")
                .hasMessageContaining("unknown function 'b64enc'")
                .hasMessageContaining("default, dict, lower, printf, quote, toJson, upper");
        bodyFails("{{ index .Params \"A\" }}").hasMessageContaining("unknown function 'index'");
    }

    @Test
    void controlActionsAreRefusedByName() {
        for (String keyword : List.of("if", "range", "with", "define", "template", "block", "else", "end")) {
            bodyFails("{{ " + keyword + " .Name }}x").hasMessageContaining("unsupported action '" + keyword + "'");
        }
    }

    @Test
    void syntaxErrorsAreErrors() {
        bodyFails("{{ .Name ").hasMessageContaining("unclosed action");
        bodyFails("abc {{ }}").hasMessageContaining("empty action").hasMessageContaining("column 5");
        bodyFails("{{ \"abc }}").hasMessageContaining("unterminated quoted string");
        bodyFails("{{ `abc }}").hasMessageContaining("unterminated raw string");
        bodyFails("{{ (upper .Name }}").hasMessageContaining("'(' is not closed");
        bodyFails("{{ upper .Name) }}").hasMessageContaining("')' without a matching '('");
        bodyFails("{{ .Name | }}").hasMessageContaining("missing function after |");
        bodyFails("{{ | upper }}").hasMessageContaining("unexpected |");
        bodyFails("{{ upper\"x\" }}").hasMessageContaining("separated by spaces");
        bodyFails("{{ .Name \"x\" }}").hasMessageContaining("cannot give arguments to .Name");
        bodyFails("{{ \"x\" | .Name }}").hasMessageContaining("cannot pipe a value into .Name");
        bodyFails("{{ $x := 1 }}").hasMessageContaining("variables");
        bodyFails("{{ 'a' }}").hasMessageContaining("character constants");
        bodyFails("{{ \"\\q\" }}").hasMessageContaining("invalid escape");
        bodyFails("{{ 12abc }}").hasMessageContaining("bad number syntax");
        bodyFails("{{ 99999999999999999999 }}").hasMessageContaining("number out of range");
        bodyFails("{{/* open").hasMessageContaining("unclosed comment");
        bodyFails("{{/* x */ .Name }}").hasMessageContaining("comment ends before the closing delimiter");
        bodyFails("{{ nil }}").hasMessageContaining("nil is not supported");
        bodyFails("{{ (.Invoker).Kind }}").hasMessageContaining("field access on a parenthesized value");
        bodyFails("{{ .Params.my-param }}").hasMessageContaining("cannot contain '-'");
    }

    @Test
    void wrongFunctionCallsAreErrors() {
        bodyFails("{{ upper }}").hasMessageContaining("upper takes 1 argument; got 0");
        bodyFails("{{ upper 3 }}").hasMessageContaining("upper needs a string; got an integer");
        bodyFails("{{ lower .Invoker }}").hasMessageContaining("lower needs a string; got the .Invoker object");
        bodyFails("{{ toJson }}").hasMessageContaining("toJson takes 1 argument");
        bodyFails("{{ default }}").hasMessageContaining("default takes 1 or 2 arguments; got 0");
        bodyFails("{{ dict \"a\" }}").hasMessageContaining("dict needs key and value pairs");
        bodyFails("{{ dict .Invoker 1 }}").hasMessageContaining("dict keys must be strings");
        bodyFails("{{ printf }}").hasMessageContaining("printf needs a format string");
        bodyFails("{{ printf \"%s %s\" .Name }}").hasMessageContaining("more verbs than arguments");
        bodyFails("{{ printf \"%s\" .Name .Namespace }}").hasMessageContaining("more argument(s) than its format");
        bodyFails("{{ printf \"%d\" .Params.A }}").hasMessageContaining("%d needs an integer; got a string");
        bodyFails("{{ printf \"%x\" 1 }}").hasMessageContaining("verb %x is not supported");
    }

    @Test
    void renderNamesTheCommandItemAtFault() {
        HookAction action =
                new HookAction(new ExecAction(List.of("echo", "ok", "{{ .Oops }}")), null, null, null, null);
        assertThatThrownBy(() -> ActionRenderer.render(action, new RenderContext(SESSION, Map.of())))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.action.exec.command[2]");
                    assertThat(e.reason()).isEqualTo(Reasons.INVALID_TEMPLATE_EXPRESSION);
                    assertThat(e.getMessage()).contains("{{ .Oops }}", "line 1, column 1");
                });
    }

    @Test
    void checkReportsEveryFaultyFieldWithoutEvaluatingRealValues() {
        HookAction action = new HookAction(
                new ExecAction(List.of(
                        "sh",
                        "-c",
                        "echo `{{ .Params.A }}`",
                        "{{ .Params.B }}",
                        "{{ .Name | nope }}",
                        "{{ .Params.A }}")),
                null,
                new HttpPostAction("/x", IntOrString.of(80), null, null, null, "{{ if .Name }}x{{ end }}", null),
                null,
                null);
        List<Problem> problems = ActionRenderer.check(action, Set.of("A"));
        assertThat(problems)
                .extracting(Problem::field)
                .containsExactly(
                        "spec.action.exec.command[2]",
                        "spec.action.exec.command[3]",
                        "spec.action.exec.command[4]",
                        "spec.action.httpPost.body");
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).isEqualTo(Reasons.INVALID_TEMPLATE_EXPRESSION));
        assertThat(problems.get(0).message()).contains("inside backticks");
        assertThat(problems.get(1).message()).contains("param 'B' is not declared");
        assertThat(problems.get(2).message()).contains("unknown function 'nope'");
        assertThat(problems.get(3).message()).contains("unsupported action 'if'");
    }

    @Test
    void checkAcceptsAValidAction() {
        HookAction action = new HookAction(
                new ExecAction(
                        List.of("/bin/bash", "-ec", "echo \"{{ .Name }}\" '{{ .Params.A }}' {{ .Params.A | upper }}")),
                null,
                new HttpPostAction(
                        "/x",
                        IntOrString.of(80),
                        null,
                        null,
                        null,
                        "{{ dict \"text\" (printf \"%s %s\" .Name .Status.Phase) | toJson }}",
                        null),
                null,
                null);
        assertThat(ActionRenderer.check(action, Set.of("A"))).isEmpty();
    }

    @Test
    void pathsHostsAndHeadersAreNotTemplated() {
        List<HttpHeader> headers = List.of(new HttpHeader("X-Session", "{{ .Name }}"));
        HookAction action = new HookAction(
                null,
                new HttpGetAction("/{{ .Name }}", IntOrString.of(80), "{{ .Nope }}", "HTTP", headers),
                new HttpPostAction(
                        "/p/{{ .Name }}", IntOrString.of(80), "{{ .Host }}", null, headers, "{{ .Namespace }}", null),
                null,
                null);
        HookAction rendered = ActionRenderer.render(action, new RenderContext(SESSION, Map.of()));
        assertThat(rendered.httpGet()).isEqualTo(action.httpGet());
        assertThat(rendered.httpPost().path()).isEqualTo("/p/{{ .Name }}");
        assertThat(rendered.httpPost().host()).isEqualTo("{{ .Host }}");
        assertThat(rendered.httpPost().httpHeaders()).isEqualTo(headers);
        assertThat(rendered.httpPost().body()).isEqualTo("demo");
        assertThat(ActionRenderer.check(action, Set.of())).isEmpty();
    }
}
