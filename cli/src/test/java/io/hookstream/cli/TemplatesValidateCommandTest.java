package io.hookstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesValidateCommandTest {

    private static final String VALID = """
            apiVersion: core.kubestash.com/v1alpha1
            kind: HookTemplate
            metadata: {name: echo, namespace: demo}
            spec:
              params:
              - {name: WORD, default: hello}
              action:
                exec:
                  command: ["/bin/echo", "{{ .Params.WORD }}"]
              executor: {type: Operator}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int validate(String... args) {
        List<String> all = new ArrayList<>(List.of("validate"));
        all.addAll(List.of(args));
        return Cli.execute(
                new TemplatesCommand(), new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theShippedExampleTemplatesAreValid() {
        int exit = validate("../examples/templates");

        assertThat(err.toString()).isEmpty();
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .matches("(?s)\\d+ templates valid, 0 problems in 0 documents of 0 files \\(\\d+ files checked\\)\\s*");
    }

    @Test
    void aDirectoryOfValidTemplatesAndNamespacesExitsZero() throws IOException {
        write("a.yaml", VALID + "---\n" + VALID.replace("name: echo", "name: echo2"));
        write("sub/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo, labels: {env: prod}}\n");

        int exit = validate(dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString().trim())
                .isEqualTo("2 templates valid, 0 problems in 0 documents of 0 files (2 files checked)");
    }

    @Test
    void aBadFieldValueIsReportedAtItsLine() throws IOException {
        Path file = write("bad.yaml", VALID.replace("type: Operator", "type: Robot"));

        int exit = validate(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith(file + ":10: spec.executor.type: ");
        assertThat(out.toString()).contains("Robot").contains("0 templates valid, 1 problem in 1 document of 1 file");
    }

    @Test
    void anUnknownFieldIsReportedAtItsLine() throws IOException {
        Path file = write(
                "unknown.yaml",
                VALID + "---\n"
                        + VALID.replace("name: echo", "name: other").replace("  action:", "  acton: {}\n  action:"));

        int exit = validate(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith(file + ":18: spec.acton: ");
        assertThat(out.toString()).contains("1 template valid, 1 problem in 1 document of 1 file");
    }

    @Test
    void aYamlSyntaxErrorIsReportedAtItsLine() throws IOException {
        Path file = write("syntax.yaml", VALID.replace("  action:\n", "  action:\n   - broken: [\n"));
        write("good.yaml", VALID.replace("name: echo", "name: fine"));

        int exit = validate(dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith(file + ":10: YAML syntax error: expected ',' or ']'");
        assertThat(out.toString()).contains("1 template valid, 1 problem in 1 document of 1 file");
    }

    @Test
    void aBadParamDefinitionIsReportedAtTheParam() throws IOException {
        Path file = write(
                "params.yaml",
                VALID.replace(
                        "- {name: WORD, default: hello}",
                        "- {name: WORD, default: hello}\n  - {name: 9LIVES}\n  - {name: WORD}"));

        int exit = validate(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains(file + ":7: spec.params[1].name: '9LIVES' is not a valid environment" + " variable name")
                .contains(file + ":8: spec.params[2].name: 'WORD' is already declared at spec.params[0]")
                .contains("0 templates valid, 2 problems in 1 document of 1 file");
    }

    @Test
    void anUnknownParamInAnExpressionIsReported() throws IOException {
        Path file = write("expr.yaml", VALID.replace(".Params.WORD", ".Params.NOPE"));

        int exit = validate(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .startsWith(file + ":9: spec.action.exec.command[1]: ")
                .contains("NOPE");
    }

    @Test
    void aTemplateDefinedTwiceAcrossPathsIsReported() throws IOException {
        Path first = write("one.yaml", VALID);
        Path second = write("two.yaml", VALID);

        int exit = validate(first.toString(), second.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .startsWith(second + ":1: metadata.name: HookTemplate demo/echo is already defined" + " at " + first
                        + ":1");
    }

    @Test
    void aDocumentWithFourProblemsPrintsFourLinesAndExitsOne() throws IOException {
        Path file = write("four.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: four, namespace: demo}
                spec:
                  usagePolicy:
                    allowedNamespaces: {from: Selector}
                  params:
                  - {name: WORD, required: maybe}
                  executor:
                    type: Pod
                    pod: {selector: app=db, strategy: ExecuteOnEvery}
                """);

        int exit = validate(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines().toList())
                .containsExactly(
                        file
                                + ":4: spec.action: required for executor type Pod: set exec, httpGet, httpPost or tcpSocket",
                        file + ":6: spec.usagePolicy.allowedNamespaces.selector: required when from is Selector: give "
                                + "matchLabels or matchExpressions that the namespaces allowed to use this template carry",
                        file + ":8: spec.params[0].required: wrong type: expected true or false",
                        file
                                + ":11: spec.executor.pod.strategy: invalid value 'ExecuteOnEvery'; use one of ExecuteOnOne, "
                                + "ExecuteOnAll (case matters)",
                        "0 templates valid, 4 problems in 1 document of 1 file (1 file checked)");
    }

    @Test
    void problemsInTwoDocumentsOfTwoFilesAreAllReportedInOneRun() throws IOException {
        Path first = write(
                "a/first.yaml",
                VALID.replace("name: echo", "name: fine") + "---\n"
                        + VALID.replace("name: echo", "name: typo")
                                .replace("  action:", "  acton: {}\n  action:")
                                .replace("type: Operator", "type: Robot"));
        Path second = write(
                "b/second.yaml",
                VALID.replace("- {name: WORD, default: hello}", "- {name: 9LIVES}")
                        .replace("{{ .Params.WORD }}", "{{ .Params.NOPE }}"));

        int exit = validate(dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines().toList())
                .satisfiesExactly(
                        line -> assertThat(line).startsWith(first + ":18: spec.acton: unknown field 'acton'"),
                        line -> assertThat(line).startsWith(first + ":22: spec.executor.type: invalid value 'Robot'"),
                        line -> assertThat(line)
                                .startsWith(second + ":6: spec.params[0].name: '9LIVES' is not a valid"),
                        line -> assertThat(line)
                                .startsWith(second + ":9: spec.action.exec.command[1]: ")
                                .contains("NOPE"),
                        line -> assertThat(line)
                                .isEqualTo("1 template valid, 4 problems in 2 documents of 2 files "
                                        + "(2 files checked)"));
    }

    @Test
    void anUnknownEnumValueNoLongerHidesAMissingActionNorAPolicyWithoutSelector() throws IOException {
        Path file = write("new-user.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: first-try
                  namespace: demo
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: Selector
                  executor:
                    type: Pod
                    pod:
                      selector: app=db
                      strategy: OnAll
                """);

        int exit = validate(file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines().toList())
                .satisfiesExactly(
                        line -> assertThat(line)
                                .isEqualTo(file + ":6: spec.action: required for executor type Pod: set "
                                        + "exec, httpGet, httpPost or tcpSocket"),
                        line -> assertThat(line)
                                .startsWith(file + ":8: spec.usagePolicy.allowedNamespaces.selector: "
                                        + "required when from is Selector"),
                        line -> assertThat(line)
                                .startsWith(file + ":14: spec.executor.pod.strategy: invalid value 'OnAll'"),
                        line -> assertThat(line)
                                .isEqualTo(
                                        "0 templates valid, 3 problems in 1 document of 1 file " + "(1 file checked)"));
    }

    @Test
    void jsonOutputPrintsOneProblemALine() throws IOException {
        Path file = write("bad.yaml", VALID.replace("type: Operator", "type: Robot"));

        int exit = validate("--output", "json", file.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("{\"file\":\"" + file
                                + "\",\"line\":10,\"field\":\"spec.executor.type\",\"message\":"));
        assertThat(err.toString()).contains("0 templates valid, 1 problem in 1 document of 1 file");
    }

    @Test
    void aMissingPathIsAUsageError() {
        int exit = validate(dir.resolve("nope").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().trim())
                .isEqualTo("hookstream templates validate: " + dir.resolve("nope")
                        + " does not exist; give a HookTemplate manifest file or a directory of them");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void noPathIsAUsageError() {
        int exit = validate();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
    }
}
