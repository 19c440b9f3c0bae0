package io.hookstream.templates.render;

import static io.hookstream.templates.render.Fixtures.exec;
import static io.hookstream.templates.render.Fixtures.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.templates.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {

    private static final String NASTY = "x; touch /tmp/pwned";

    @Test
    void valueOutsideQuotesIsSingleQuoted() {
        assertThat(script("echo {{ .Params.X }}", NASTY)).isEqualTo("echo 'x; touch /tmp/pwned'");
        assertThat(script("echo {{ .Params.X }}", "it's")).isEqualTo("echo 'it'\\''s'");
        assertThat(script("echo --name={{ .Params.X }}.txt", "a b")).isEqualTo("echo --name='a b'.txt");
    }

    @Test
    void emptyValueOutsideQuotesIsAnEmptyWord() {
        assertThat(script("printf '%s\\n' {{ .Params.X }} end", "")).isEqualTo("printf '%s\\n' '' end");
    }

    @Test
    void valueInsideSingleQuotesClosesAndReopensAroundQuotes() {
        assertThat(script("echo '{{ .Params.X }}'", NASTY)).isEqualTo("echo 'x; touch /tmp/pwned'");
        assertThat(script("echo 'a {{ .Params.X }} b'", "' ; touch p ; '"))
                .isEqualTo("echo 'a '\\'' ; touch p ; '\\'' b'");
    }

    @Test
    void valueInsideDoubleQuotesIsBackslashEscaped() {
        assertThat(script("echo \"{{ .Params.X }}\"", "a\"$b`c\\d'e")).isEqualTo("echo \"a\\\"\\$b\\`c\\\\d'e\"");
        assertThat(script("echo \"id: {{ .Params.X }}!\"", NASTY)).isEqualTo("echo \"id: x; touch /tmp/pwned!\"");
    }

    @Test
    void theResultOfAPipelineIsWhatGetsQuoted() {
        assertThat(script("echo {{ .Params.X | upper }} {{ printf \"%s-%s\" .Params.X \"y\" }}", "a b"))
                .isEqualTo("echo 'A B' 'a b-y'");
        assertThat(script("echo {{ \"literal; rm\" }}", "")).isEqualTo("echo 'literal; rm'");
    }

    @Test
    void literalTextOfTheAuthorIsNeverAltered() {
        String template = "set -e; X=\"$HOME\"; echo '{{ .Params.X }}' \"$X\" `date` $((1+2)) # done";
        assertThat(script(template, "v")).isEqualTo("set -e; X=\"$HOME\"; echo 'v' \"$X\" `date` $((1+2)) # done");
    }

    @Test
    void commandSubstitutionStartsAFreshUnquotedContext() {
        assertThat(script("echo \"$(printf %s {{ .Params.X }})\"", NASTY))
                .isEqualTo("echo \"$(printf %s 'x; touch /tmp/pwned')\"");
        assertThat(script("echo \"$(echo '{{ .Params.X }}')\" \"{{ .Params.X }}\"", "'$"))
                .isEqualTo("echo \"$(echo ''\\''$')\" \"'\\$\"");
    }

    @Test
    void unquotedParameterExpansionWordIsSingleQuoted() {
        assertThat(script("echo ${UNSET:-{{ .Params.X }}}", "a}b")).isEqualTo("echo ${UNSET:-'a}b'}");
    }

    @Test
    void hereDocumentBodiesAreEscapedForTheirKind() {
        assertThat(script("cat <<EOF\n{{ .Params.X }}\nEOF\necho {{ .Params.X }}", "$(id) `id` \\ \"q\""))
                .isEqualTo("cat <<EOF\n\\$(id) \\`id\\` \\\\ \"q\"\nEOF\necho '$(id) `id` \\ \"q\"'");
        assertThat(script("cat <<'EOF'\n{{ .Params.X }}\nEOF\necho {{ .Params.X }}", "$(id)"))
                .isEqualTo("cat <<'EOF'\n$(id)\nEOF\necho '$(id)'");
        assertThat(script("cat <<-\"END\" | tr a b\n\t{{ .Params.X }}\n\tEND\n", "$x"))
                .isEqualTo("cat <<-\"END\" | tr a b\n\t$x\n\tEND\n");
    }

    @Test
    void aValueThatWouldEndAHereDocumentIsRefused() {
        assertThatThrownBy(() -> script("cat <<'EOF'\n{{ .Params.X }}\nEOF\n", "data\nEOF\ntouch /tmp/pwned"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("change the structure of the shell script")
                .hasMessageNotContaining("pwned");
        assertThatThrownBy(() -> script("cat <<EOF\n{{ .Params.X }}OF\nEOF\n", "E"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("change the structure");
    }

    @Test
    void aValueThatWouldEndACommentIsRefused() {
        assertThat(script("true # note: {{ .Params.X }}\necho ok", "x y")).isEqualTo("true # note: 'x y'\necho ok");
        assertThatThrownBy(() -> script("true # {{ .Params.X }}\necho ok", "a\ntouch /tmp/pwned"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("change the structure");
    }

    @Test
    void positionsThatCannotBeMadeSafeAreRefused() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("echo `echo {{ .Params.X }}`", "inside backticks"),
                Map.entry("echo $(( 1 + {{ .Params.X }} ))", "inside arithmetic"),
                Map.entry("(( n = {{ .Params.X }} ))", "inside arithmetic"),
                Map.entry("echo $[ {{ .Params.X }} ]", "$[...]"),
                Map.entry("echo hi >&{{ .Params.X }}", "target of >&"),
                Map.entry("echo hi 1>& \"x{{ .Params.X }}\"", "target of >&"),
                Map.entry("echo hi >&\"$(echo a; echo {{ .Params.X }})\"", "target of >&"),
                Map.entry("[[ {{ .Params.X }} -eq 1 ]] && echo", "inside [[ ... ]]"),
                Map.entry("if [[ \"$A\" == a && \"{{ .Params.X }}\" ]]; then :; fi", "inside [[ ... ]]"),
                Map.entry("(( n = '1' )); echo {{ .Params.X }}", "inside $((...)) or ((...))"),
                Map.entry("echo \\{{ .Params.X }}", "cannot follow a backslash"),
                Map.entry("echo \"\\{{ .Params.X }}\"", "cannot follow a backslash"),
                Map.entry("echo ${{ .Params.X }}", "cannot follow '$'"),
                Map.entry("echo \"${{ .Params.X }}\"", "cannot follow '$'"),
                Map.entry("echo \"$PREFIX{{ .Params.X }}\"", "write ${NAME}"),
                Map.entry("echo $'{{ .Params.X }}'", "inside $'...'"),
                Map.entry("echo \"${UNSET:-{{ .Params.X }}}\"", "inside \"${...}\""),
                Map.entry("cat <<{{ .Params.X }}\nx\n", "here-document delimiter"),
                Map.entry("echo $(case a in a) echo;; esac) {{ .Params.X }}", "case statement inside $(...)"),
                Map.entry("echo \"${A:-'}\"}\" {{ .Params.X }}", "single quote inside"));
        cases.forEach((template, reason) -> assertThatThrownBy(() -> script(template, "v"))
                .as(template)
                .isInstanceOfSatisfying(
                        TemplateException.class, e -> assertThat(e.field()).isEqualTo("spec.action.exec.command[2]"))
                .hasMessageContaining(reason)
                .hasMessageContaining("{{ .Params.X }}"));
    }

    @Test
    void safePositionsNextToRefusedOnesStillWork() {
        assertThat(script("echo \"$1{{ .Params.X }}\" \"${PREFIX}{{ .Params.X }}\" $PREFIX{{ .Params.X }}", "v"))
                .isEqualTo("echo \"$1v\" \"${PREFIX}v\" $PREFIX'v'");
        assertThat(script("echo '\\{{ .Params.X }}' '${{ .Params.X }}'", "v")).isEqualTo("echo '\\v' '$v'");
        assertThat(script("echo a >&2 {{ .Params.X }}; echo b 2>&1 >{{ .Params.X }}", "v"))
                .isEqualTo("echo a >&2 'v'; echo b 2>&1 >'v'");
        assertThat(script("[[ -n $A ]] && [ {{ .Params.X }} -eq 1 ]", "v")).isEqualTo("[[ -n $A ]] && [ 'v' -eq 1 ]");
        assertThat(script("(( n = 1 + 2 )); echo $(( n * 2 )) {{ .Params.X }}", "v"))
                .isEqualTo("(( n = 1 + 2 )); echo $(( n * 2 )) 'v'");
    }

    @Test
    void ordinaryArgvItemsGetValuesVerbatim() {
        Map<String, String> params = Map.of("X", NASTY);
        assertThat(exec(List.of("echo", "{{ .Params.X }}"), params)).containsExactly("echo", NASTY);
        assertThat(exec(List.of("sh", "/scripts/run.sh", "{{ .Params.X }}"), params))
                .containsExactly("sh", "/scripts/run.sh", NASTY);
        assertThat(exec(List.of("sh", "-c", "printf '%s' \"$1\"", "sh", "{{ .Params.X }}"), params))
                .containsExactly("sh", "-c", "printf '%s' \"$1\"", "sh", NASTY);
        assertThat(exec(List.of("python3", "-c", "print({{ .Params.X }})"), Map.of("X", "1")))
                .containsExactly("python3", "-c", "print(1)");
    }

    @Test
    void shellInvocationsAreRecognizedInTheirCommonForms() {
        List<List<String>> forms = List.of(
                List.of("sh", "-c"),
                List.of("/bin/sh", "-c"),
                List.of("bash", "-ec"),
                List.of("/usr/bin/bash", "-xc"),
                List.of("dash", "-euc"),
                List.of("ash", "-c"),
                List.of("ksh", "-c"),
                List.of("zsh", "-c"),
                List.of("bash", "-o", "pipefail", "-c"),
                List.of("bash", "-c", "--"),
                List.of("sh", "-e", "-c"),
                List.of("bash", "--norc", "-c"),
                List.of("bash", "-eo", "pipefail", "-c"),
                List.of("busybox", "sh", "-c"),
                List.of("/bin/busybox", "sh", "-ec"),
                List.of("busybox-sh", "-c"),
                List.of("/usr/bin/env", "bash", "-c"),
                List.of("timeout", "10", "sh", "-c"),
                List.of("kubectl", "exec", "pod", "--", "sh", "-c"));
        for (List<String> form : forms) {
            List<String> command = new ArrayList<>(form);
            command.add("echo {{ .Params.X }}");
            List<String> rendered = exec(command, Map.of("X", NASTY));
            assertThat(rendered.get(rendered.size() - 1)).as(form.toString()).isEqualTo("echo 'x; touch /tmp/pwned'");
        }
    }

    @Test
    void theShellMayComeFromAParam() {
        List<String> rendered = exec(
                List.of("{{ .Params.SHELL }}", "-c", "echo {{ .Params.X }}"), Map.of("SHELL", "/bin/bash", "X", NASTY));
        assertThat(rendered).containsExactly("/bin/bash", "-c", "echo 'x; touch /tmp/pwned'");
    }

    @Test
    void aShellWithoutDashCTakesNoScript() {
        assertThat(exec(List.of("bash", "-e", "{{ .Params.X }}"), Map.of("X", "a b")))
                .containsExactly("bash", "-e", "a b");
        assertThat(exec(List.of("bash", "-o", "c", "{{ .Params.X }}"), Map.of("X", "a b")))
                .containsExactly("bash", "-o", "c", "a b");
    }

    @Test
    void aNulCharacterInACommandItemIsRefused() {
        assertThatThrownBy(() -> exec(List.of("echo", "{{ .Params.X }}"), Map.of("X", "a\0b")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("NUL");
    }
}
