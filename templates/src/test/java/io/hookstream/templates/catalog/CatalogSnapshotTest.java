package io.hookstream.templates.catalog;

import static io.hookstream.templates.catalog.CatalogFiles.template;
import static io.hookstream.templates.catalog.CatalogFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void declaredNamespaceHasItsLabelsPlusTheNameLabel() {
        write(dir, "ns.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: prod
                  labels:
                    env: prod
                    kubernetes.io/metadata.name: wrong
                spec:
                  finalizers: [kubernetes]
                status:
                  phase: Active
                """);

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.labelsOf("prod"))
                .containsOnly(entry("env", "prod"), entry("kubernetes.io/metadata.name", "prod"));
        assertThat(snapshot.namespaceLabels()).containsOnlyKeys("prod");
    }

    @Test
    void undeclaredNamespaceHasOnlyTheNameLabel() {
        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.labelsOf("staging")).containsOnly(entry("kubernetes.io/metadata.name", "staging"));
        assertThat(snapshot.labelsOf(null)).isEmpty();
    }

    @Test
    void duplicateNamespaceKeepsTheFirstAndIsReported() {
        write(dir, "a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {tier: one}}\n");
        Path second =
                write(dir, "b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {tier: two}}\n");

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.labelsOf("prod")).containsEntry("tier", "one");
        assertThat(snapshot.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.file()).isEqualTo(second))
                .satisfies(problem ->
                        assertThat(problem.message()).contains("Namespace prod").contains("a.yaml"));
    }

    @Test
    void namespaceWithoutNameOrWithWrongApiVersionIsReported() {
        write(
                dir,
                "a.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata: {labels: {a: b}}\n---\n"
                        + "apiVersion: v2\nkind: Namespace\nmetadata: {name: x}\n");

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.namespaceLabels()).isEmpty();
        assertThat(snapshot.problems()).extracting(LoadProblem::field).containsExactly("metadata.name", "apiVersion");
    }

    @Test
    void findNeedsNamespaceAndName() {
        write(dir, "a.yaml", template("demo", "one"));

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.find("demo", "one")).isPresent();
        assertThat(snapshot.find("other", "one")).isEmpty();
        assertThat(snapshot.find(null, "one")).isEmpty();
        assertThat(snapshot.find("demo", null)).isEmpty();
    }

    @Test
    void snapshotIsImmutable() {
        write(dir, "a.yaml", template("demo", "one"));

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.templates()).isUnmodifiable();
        assertThat(snapshot.namespaceLabels()).isUnmodifiable();
        assertThat(snapshot.problems()).isUnmodifiable();
    }

    @Test
    void loadProblemPrintsOnlyTheKnownParts() {
        Path file = Path.of("hooks", "a.yaml");

        assertThat(new LoadProblem(file, 3, "spec.action", "required")).hasToString(file + ":3: spec.action: required");
        assertThat(new LoadProblem(file, 0, "", "cannot be read")).hasToString(file + ": cannot be read");
        assertThat(new LoadProblem(null, 0, null, "no file")).hasToString("no file");
    }
}
