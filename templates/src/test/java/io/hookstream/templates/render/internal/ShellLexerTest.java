package io.hookstream.templates.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.templates.render.internal.ShellQuoter.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellLexerTest {

    private static ShellLexer.Insertion at(String prefix) {
        ShellLexer lexer = new ShellLexer();
        prefix.chars().forEach(c -> lexer.feed((char) c));
        return lexer.insertion();
    }

    @Test
    void contextFollowsQuotesSubstitutionsAndHereDocuments() {
        Map<String, Context> cases = new LinkedHashMap<>();
        cases.put("echo ", Context.OUTSIDE);
        cases.put("echo 'a", Context.SINGLE);
        cases.put("echo 'a' ", Context.OUTSIDE);
        cases.put("echo \"a", Context.DOUBLE);
        cases.put("echo \"a'b", Context.DOUBLE);
        cases.put("echo 'a\"b", Context.SINGLE);
        cases.put("echo \\\"", Context.OUTSIDE);
        cases.put("echo \"a\\\"", Context.DOUBLE);
        cases.put("echo \"$(", Context.OUTSIDE);
        cases.put("echo \"$(echo '", Context.SINGLE);
        cases.put("echo \"$(echo \"", Context.DOUBLE);
        cases.put("echo \"$(echo (a) ", Context.OUTSIDE);
        cases.put("echo \"$(echo x) ", Context.DOUBLE);
        cases.put("echo \"$(echo ')') ", Context.DOUBLE);
        cases.put("echo \"$(echo # )\n) ", Context.DOUBLE);
        cases.put("echo ${A:-", Context.OUTSIDE);
        cases.put("echo ${A:-'", Context.SINGLE);
        cases.put("echo ${A:-x} \"", Context.DOUBLE);
        cases.put("echo `date` ", Context.OUTSIDE);
        cases.put("echo $((1+2)) ", Context.OUTSIDE);
        cases.put("# it's a comment\necho ", Context.OUTSIDE);
        cases.put("echo a#b'", Context.SINGLE);
        cases.put("cat <<EOF\n", Context.HEREDOC);
        cases.put("cat <<EOF\n'", Context.HEREDOC);
        cases.put("cat <<'EOF'\n$(", Context.VERBATIM);
        cases.put("cat <<\\EOF\n", Context.VERBATIM);
        cases.put("cat <<E\"O\"F\n", Context.VERBATIM);
        cases.put("cat <<EOF\n$(echo ", Context.OUTSIDE);
        cases.put("cat <<EOF\nx\nEOF\n", Context.OUTSIDE);
        cases.put("cat <<EOF\nx\nEOF\n'", Context.SINGLE);
        cases.put("cat <<-EOF\n\t\tEOF\necho ", Context.OUTSIDE);
        cases.put("cat <<EOF\n\tEOF\n", Context.HEREDOC);
        cases.put("cat <<A <<'B'\nA\n", Context.VERBATIM);
        cases.put("cat <<A; echo ", Context.OUTSIDE);
        cases.put("cat <<<", Context.OUTSIDE);
        cases.put("x=$(cat <<EOF\n)\nEOF\n) '", Context.SINGLE);
        cases.put("echo \\\n", Context.OUTSIDE);
        cases.put("case x in a) echo ", Context.OUTSIDE);
        cases.put("cat <<E\na\\\nE\n", Context.HEREDOC);
        cases.put("cat <<E\na\\\\\nE\n", Context.OUTSIDE);
        cases.put("cat <<'E'\na\\\nE\n", Context.OUTSIDE);
        cases.forEach((prefix, context) ->
                assertThat(at(prefix)).as(prefix).isEqualTo(new ShellLexer.Insertion(context, null)));
    }

    @Test
    void unsafePositionsAreRejectedWithAReason() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("echo `", "backticks");
        cases.put("echo \"`", "backticks");
        cases.put("echo $((", "arithmetic");
        cases.put("((", "arithmetic");
        cases.put("echo $((1 + $(( 2 ", "arithmetic");
        cases.put("echo $[", "arithmetic");
        cases.put("echo $'", "$'...'");
        cases.put("echo \\", "backslash");
        cases.put("echo \"\\", "backslash");
        cases.put("cat <<EOF\n\\", "backslash");
        cases.put("echo $", "'$'");
        cases.put("echo \"$", "'$'");
        cases.put("echo \"$A", "${NAME}");
        cases.put("cat <<EOF\n$A", "${NAME}");
        cases.put("echo \"${A:-", "\"${...}\"");
        cases.put("cat <<EOF\n${A:-", "\"${...}\"");
        cases.put("cat <<", "delimiter");
        cases.put("cat << E", "delimiter");
        cases.put("x=$(case y in y) echo;; esac) ", "case statement");
        cases.put("echo $'a\\'b' ", "$'...'");
        cases.put("echo \"${A:-'}\" ", "single quote");
        cases.put("cat <<\n", "without a here-document delimiter");
        cases.put("echo $((1) + 2) ", "does not end with '))'");
        cases.put("cat <<EOF\n$(echo\nEOF\n", "unfinished");
        cases.put("cat <<E\n$(echo 'x\\\nE\n", "continues a line with a backslash");
        cases.forEach((prefix, reason) -> {
            ShellLexer.Insertion insertion = at(prefix);
            assertThat(insertion.context()).as(prefix).isNull();
            assertThat(insertion.rejection()).as(prefix).contains(reason);
        });
    }

    @Test
    void structureComparisonSeesADifferentNesting() {
        ShellLexer a = new ShellLexer();
        ShellLexer b = new ShellLexer();
        "echo \"x".chars().forEach(c -> a.feed((char) c));
        "echo \"x".chars().forEach(c -> b.feed((char) c));
        assertThat(a.sameStructure(b)).isTrue();
        a.feed('"');
        assertThat(a.sameStructure(b)).isFalse();
    }
}
