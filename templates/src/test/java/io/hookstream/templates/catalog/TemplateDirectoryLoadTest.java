package io.hookstream.templates.catalog;

import static io.hookstream.templates.catalog.CatalogFiles.copyResource;
import static io.hookstream.templates.catalog.CatalogFiles.template;
import static io.hookstream.templates.catalog.CatalogFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.template.ExecutorType;
import io.hookstream.schemas.template.FromNamespaces;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.PodHookExecutorStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateDirectoryLoadTest {

    @TempDir
    Path dir;

    private CatalogSnapshot load() {
        return new TemplateDirectory(dir).load();
    }

    @Test
    void seedSampleLoadsUnchanged() {
        copyResource(dir, "sample-hook.yaml");

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.problems()).isEmpty();
        HookTemplate template = snapshot.find("demo", "sample-hook").orElseThrow();
        assertThat(template.spec().usagePolicy().allowedNamespaces().from()).isEqualTo(FromNamespaces.All);
        assertThat(template.spec().params())
                .singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("TEST"))
                .satisfies(p -> assertThat(p.isRequired()).isFalse());
        assertThat(template.spec().action().exec().command())
                .containsExactly("/bin/sh", "-c", "echo data_test > /source/data/data.txt");
        assertThat(template.spec().executor().type()).isEqualTo(ExecutorType.Pod);
        assertThat(template.spec().executor().pod().selector()).isEqualTo("name=test-app, test=hook");
        assertThat(snapshot.loadedAt()).isNotNull();
    }

    @Test
    void kubestashStyleManifestsWithServerMetadataAndStatusLoadWithoutProblems() {
        copyResource(dir, "kubestash-examples.yaml");

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.templates().keySet())
                .containsExactly(
                        new TemplateKey("demo", "mysql-flush"),
                        new TemplateKey("demo", "pg-checkpoint"),
                        new TemplateKey("demo", "readiness"),
                        new TemplateKey("demo", "slack-notification"));
        HookTemplate slack = snapshot.find("demo", "slack-notification").orElseThrow();
        assertThat(slack.spec().action().httpPost().port()).isEqualTo(IntOrString.of(443));
        assertThat(slack.spec().action().httpPost().body()).contains("{{.Target.Name}}");
        HookTemplate mysql = snapshot.find("demo", "mysql-flush").orElseThrow();
        assertThat(mysql.spec().executor().pod().effectiveStrategy()).isEqualTo(PodHookExecutorStrategy.ExecuteOnAll);
        assertThat(mysql.spec().executor().pod().owner().kind()).isEqualTo("StatefulSet");
        HookTemplate readiness = snapshot.find("demo", "readiness").orElseThrow();
        assertThat(readiness.spec().action().httpGet().port().stringValue()).isEqualTo("http-metrics");
        assertThat(snapshot.find("demo", "pg-checkpoint")
                        .orElseThrow()
                        .spec()
                        .executor()
                        .function()
                        .volumes())
                .singleElement()
                .satisfies(v -> assertThat(v.source()).containsKey("emptyDir"));
    }

    @Test
    void validDocumentsLoadExactlyAsBindingThemAloneGives() throws Exception {
        Path file = copyResource(dir, "kubestash-examples.yaml");
        ObjectMapper yaml = Json.configure(YAMLMapper.builder()).build();
        List<HookTemplate> bound = new ArrayList<>();
        for (JsonNode document : yaml.readerFor(JsonNode.class)
                .<JsonNode>readValues(Files.readString(file))
                .readAll()) {
            if (document.path("kind").asText().equals(HookTemplate.KIND)) {
                bound.add(yaml.treeToValue(document, HookTemplate.class));
            }
        }

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.problems()).isEmpty();
        assertThat(bound).hasSize(4);
        assertThat(snapshot.templates().values()).containsExactlyInAnyOrderElementsOf(bound);
    }

    @Test
    void oneBadDocumentIsReportedWithItsLineAndTheOthersLoad() {
        String bad = """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: bad-one
                  namespace: demo
                spec:
                  executor:
                    type: Operator
                  action:
                    exec:
                      comand: [echo]
                """;
        Path file = write(
                dir, "hooks.yaml", template("demo", "first") + "---\n" + bad + "---\n" + template("demo", "third"));

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.templates().keySet())
                .containsExactly(new TemplateKey("demo", "first"), new TemplateKey("demo", "third"));
        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(file);
            assertThat(problem.line()).isEqualTo(23); // 11 lines, "---", then line 11 of the bad document
            assertThat(problem.field()).isEqualTo("spec.action.exec.comand");
            assertThat(problem.message()).contains("unknown field 'comand'").contains("command");
            assertThat(problem.toString()).startsWith(file + ":23: spec.action.exec.comand: unknown field");
        });
    }

    @Test
    void unknownFieldInSpecIsReportedWithItsPathAndLine() {
        Path file = write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: typo
                  namespace: demo
                  someFutureField: tolerated
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: Same
                      selectr: {}
                  executor:
                    type: Operator
                """);

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.templates()).isEmpty();
        assertThat(snapshot.problems())
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(
                        Tuple.tuple(7, "spec.action"), Tuple.tuple(11, "spec.usagePolicy.allowedNamespaces.selectr"));
        assertThat(snapshot.problems())
                .allSatisfy(problem -> assertThat(problem.file()).isEqualTo(file));
    }

    @Test
    void wrongValuesAreReportedWithFieldAndWhatIsAllowedAndDoNotHideTheRules() {
        write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: wrong-enum
                spec:
                  executor:
                    type: pod
                ---
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: wrong-type
                spec:
                  executor:
                    type: Pod
                    pod:
                      selector: app=x
                  action:
                    exec:
                      command: echo hi
                """);

        CatalogSnapshot snapshot = load();
        List<LoadProblem> problems = snapshot.problems();

        assertThat(snapshot.templates()).isEmpty();
        assertThat(problems)
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(
                        Tuple.tuple(5, "spec.action"),
                        Tuple.tuple(7, "spec.executor.type"),
                        Tuple.tuple(20, "spec.action.exec.command"));
        assertThat(problems.get(0).message()).startsWith("required: set exec, httpGet, httpPost or tcpSocket");
        assertThat(problems.get(1).message()).contains("'pod'").contains("Function, Pod, Operator");
        assertThat(problems.get(2).message()).contains("expected a list");
    }

    @Test
    void everyProblemOfADocumentIsReportedInOnePassEvenBehindABindingError() {
        Path file = write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: new-user
                  namespace: demo
                spec:
                  usagePolicy:
                    allowedNamespaces:
                      from: Selector
                  params:
                  - name: 9LIVES
                    required: maybe
                  executor:
                    type: Pod
                    pod:
                      selector: app=db
                      strategy: ExecuteOnEvery
                """);

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.templates()).isEmpty();
        assertThat(snapshot.problems())
                .extracting(LoadProblem::toString)
                .containsExactly(
                        file
                                + ":6: spec.action: required for executor type Pod: set exec, httpGet, httpPost or tcpSocket",
                        file + ":8: spec.usagePolicy.allowedNamespaces.selector: required when from is Selector: give "
                                + "matchLabels or matchExpressions that the namespaces allowed to use this template carry",
                        file
                                + ":11: spec.params[0].name: '9LIVES' is not a valid environment variable name: use letters, "
                                + "digits and _, not starting with a digit (e.g. TARGET_DB)",
                        file + ":12: spec.params[0].required: wrong type: expected true or false",
                        file
                                + ":17: spec.executor.pod.strategy: invalid value 'ExecuteOnEvery'; use one of ExecuteOnOne, "
                                + "ExecuteOnAll (case matters)");
    }

    @Test
    void aFieldAtFaultDoesNotAlsoReportTheRuleItsRemovalBreaks() {
        write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: one-cause, namespace: demo}
                spec:
                  executor: {type: Operator}
                  action:
                    exec:
                      command: [echo, {not: a string}]
                    tcpSocket: {prot: 5432}
                """);

        assertThat(load().problems())
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(
                        Tuple.tuple(8, "spec.action.exec.command[1]"), Tuple.tuple(9, "spec.action.tcpSocket.prot"));
    }

    @Test
    void aMisspeltFieldDoesNotHideTheProblemsOfItsSiblingsThatAreSet() {
        write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata: {name: typo-and-port, namespace: demo}
                spec:
                  executor: {type: Operator}
                  action:
                    httpPost:
                      port: 99999
                      schme: HTTPS
                """);

        assertThat(load().problems())
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(
                        Tuple.tuple(8, "spec.action.httpPost.port"), Tuple.tuple(9, "spec.action.httpPost.schme"));
    }

    @Test
    void semanticProblemsAreReportedWithLinesAndTheTemplateStaysLoaded() {
        write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: no-selector
                  namespace: demo
                spec:
                  executor:
                    type: Pod
                    pod:
                      strategy: ExecuteOnOne
                  action:
                    httpGet:
                      port: 70000
                """);

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.find("demo", "no-selector")).isPresent();
        assertThat(snapshot.problems())
                .extracting(LoadProblem::field, LoadProblem::line)
                .containsExactly(
                        Tuple.tuple("spec.executor.pod.selector", 9), Tuple.tuple("spec.action.httpGet.port", 13));
    }

    @Test
    void aPodWaitTimeoutThatIsNoDurationIsAProblemNamingTheField() {
        write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: slow-pods
                  namespace: demo
                spec:
                  executor:
                    type: Pod
                    pod:
                      selector: app=db
                      waitTimeout: 2 minutes
                  action:
                    exec:
                      command: [date]
                """);

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.executor.pod.waitTimeout");
            assertThat(problem.line()).isEqualTo(11);
            assertThat(problem.message()).contains("'2 minutes'", "30s, 2m or 1h30m");
        });
    }

    @Test
    void missingNamespaceMeansDefaultAndMissingNameIsAProblem() {
        write(dir, "a.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: no-namespace
                spec:
                  executor:
                    type: Function
                    function:
                      name: fn
                ---
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  namespace: demo
                spec:
                  executor:
                    type: Operator
                """);

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.find("default", "no-namespace"))
                .get()
                .satisfies(t -> assertThat(t.namespace()).isEqualTo("default"));
        assertThat(snapshot.problems())
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(Tuple.tuple(13, "metadata.name"), Tuple.tuple(15, "spec.action"));
    }

    @Test
    void unsupportedKindWrongApiVersionAndNonManifestsAreReportedButNotFatal() {
        write(dir, "mixed.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: not-a-hook
                ---
                apiVersion: stash.appscode.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: old-group
                ---
                just a string
                ---
                ---
                # only a comment
                ---
                """ + template("demo", "ok"));

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.templates().keySet()).containsExactly(new TemplateKey("demo", "ok"));
        assertThat(snapshot.problems())
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(Tuple.tuple(2, "kind"), Tuple.tuple(6, "apiVersion"), Tuple.tuple(11, ""));
        assertThat(snapshot.problems().get(0).message())
                .isEqualTo("unsupported kind ConfigMap: expected HookTemplate or Namespace");
        assertThat(snapshot.problems().get(1).message()).contains(HookTemplate.API_VERSION);
    }

    @Test
    void duplicateTemplatesKeepTheFirstByPathAndNameBothFiles() {
        Path first = write(dir, "a.yaml", template("demo", "twin"));
        Path second = write(dir, "b/z.yaml", template("demo", "twin").replace("5432", "6543"));

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.find("demo", "twin")
                        .orElseThrow()
                        .spec()
                        .action()
                        .tcpSocket()
                        .port())
                .isEqualTo(IntOrString.of(5432));
        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(second);
            assertThat(problem.message())
                    .contains(first + ":1")
                    .contains(second + ":1")
                    .contains("demo/twin");
        });
    }

    @Test
    void templatesAreFoundInSubdirectoriesAndJsonFilesButNotInHiddenOrOtherFiles() {
        write(dir, "team-a/hooks.yml", template("a", "yml"));
        write(dir, "deep/er/t.yaml", template("a", "yaml"));
        write(dir, "t.json", """
                {"apiVersion": "core.kubestash.com/v1alpha1", "kind": "HookTemplate",
                 "metadata": {"name": "json", "namespace": "a"},
                 "spec": {"executor": {"type": "Operator"}, "action": {"tcpSocket": {"port": 1}}}}
                """);
        write(dir, ".hidden.yaml", template("a", "hidden"));
        write(dir, "..2024_01_01/t.yaml", template("a", "configmap-internal"));
        write(dir, "notes.txt", template("a", "txt"));

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.templates().keySet())
                .extracting(TemplateKey::name)
                .containsExactlyInAnyOrder("yml", "yaml", "json");
    }

    @Test
    void kubectlListOutputLoadsItsItems() {
        write(dir, "list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: core.kubestash.com/v1alpha1
                  kind: HookTemplate
                  metadata: {name: from-list, namespace: demo}
                  spec:
                    executor: {type: Operator}
                    action: {tcpSocket: {port: 1}}
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: prod, labels: {env: prod}}
                - apiVersion: core.kubestash.com/v1alpha1
                  kind: HookTemplate
                  metadata: {name: broken, namespace: demo}
                  spec:
                    executor: {type: Operator}
                    action: {tcpSocket: {prot: 1}}
                """);

        CatalogSnapshot snapshot = load();

        assertThat(snapshot.find("demo", "from-list")).isPresent();
        assertThat(snapshot.labelsOf("prod")).containsEntry("env", "prod");
        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("items[2].spec.action.tcpSocket.prot");
            assertThat(problem.line()).isEqualTo(18);
        });
    }

    @Test
    void missingDirectoryGivesOneProblemAndAnEmptyCatalog() {
        Path missing = dir.resolve("nope");

        CatalogSnapshot snapshot = new TemplateDirectory(missing).load();

        assertThat(snapshot.templates()).isEmpty();
        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(missing);
            assertThat(problem.message()).contains("does not exist");
        });
    }

    @Test
    void aSingleFileCanBeTheRoot() {
        Path file = write(dir, "only.yaml", template("demo", "solo"));

        assertThat(new TemplateDirectory(file).load().find("demo", "solo")).isPresent();
    }

    @Test
    void emptyListEntryOrLabelValueIsReportedWhereItIs() {
        write(dir, "t.yaml", """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: empty-entry
                spec:
                  params:
                  - name: A
                  -
                  executor: {type: Operator}
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: prod
                  labels:
                    env:
                """);

        assertThat(load().problems())
                .extracting(LoadProblem::line, LoadProblem::field)
                .containsExactly(
                        Tuple.tuple(5, "spec.action"),
                        Tuple.tuple(8, "spec.params[1]"),
                        Tuple.tuple(16, "metadata.labels.env"));
    }
}
