package io.hookstream.templates.catalog;

import static io.hookstream.templates.catalog.CatalogFiles.template;
import static io.hookstream.templates.catalog.CatalogFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookstream.schemas.template.IntOrString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateDirectoryReloadTest {

    @TempDir
    Path dir;

    @Test
    void syntaxBrokenFileKeepsItsLastGoodTemplatesUntilFixed() {
        Path file = write(dir, "a.yaml", template("demo", "one") + "---\n" + template("demo", "two"));
        write(dir, "b.yaml", template("demo", "other"));
        TemplateDirectory directory = new TemplateDirectory(dir);
        assertThat(directory.load().templates()).hasSize(3);

        write(dir, "a.yaml", template("demo", "one") + "---\nmetadata:\n  name: x\n    bad: indentation\n");
        CatalogSnapshot broken = directory.load();

        assertThat(broken.templates().keySet())
                .extracting(TemplateKey::name)
                .containsExactlyInAnyOrder("one", "two", "other");
        assertThat(broken.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(file);
            assertThat(problem.line()).isEqualTo(15);
            assertThat(problem.message())
                    .contains("YAML syntax error")
                    .contains("2 HookTemplate(s)")
                    .contains("stay loaded");
        });

        write(dir, "a.yaml", template("demo", "three"));
        assertThat(directory.load().templates().keySet())
                .extracting(TemplateKey::name)
                .containsExactlyInAnyOrder("three", "other");
    }

    @Test
    void fileBrokenSinceTheFirstLoadYieldsNothingButItsProblem() {
        write(dir, "a.yaml", "kind: HookTemplate\n  metadata: : x\n");
        write(dir, "b.yaml", template("demo", "good"));

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.templates().keySet()).containsExactly(new TemplateKey("demo", "good"));
        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).startsWith("YAML syntax error").doesNotContain("stay loaded");
        });
    }

    @Test
    void deletingABrokenFileForgetsItsLastGoodTemplates() throws IOException {
        Path file = write(dir, "a.yaml", template("demo", "one"));
        TemplateDirectory directory = new TemplateDirectory(dir);
        directory.load();
        write(dir, "a.yaml", "a: b\n c: d: e\n");
        assertThat(directory.load().templates()).hasSize(1);

        Files.delete(file);

        assertThat(directory.load().templates()).isEmpty();
    }

    @Test
    void repeatedKeyFailsTheFileLikeASyntaxError() {
        write(dir, "a.yaml", template("demo", "one").replace("spec:", "kind: HookTemplate\nspec:"));

        CatalogSnapshot snapshot = new TemplateDirectory(dir).load();

        assertThat(snapshot.templates()).isEmpty();
        assertThat(snapshot.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(6);
            assertThat(problem.message()).contains("'kind' appears twice").contains("line 2");
        });
    }

    @Test
    void changeIsDetectedWhenAFileIsModifiedAddedOrDeleted() throws IOException {
        Path file = write(dir, "a.yaml", template("demo", "one"));
        TemplateDirectory directory = new TemplateDirectory(dir);
        assertThat(directory.changedSinceLastLoad()).as("before the first load").isTrue();
        CatalogSnapshot first = directory.load();
        assertThat(directory.changedSinceLastLoad()).isFalse();
        assertThat(directory.reloadIfChanged(first)).isSameAs(first);

        write(dir, "a.yaml", template("demo", "one").replace("5432", "15432"));
        assertThat(directory.changedSinceLastLoad()).as("modified").isTrue();
        CatalogSnapshot modified = directory.reloadIfChanged(first);
        assertThat(modified).isNotSameAs(first);
        assertThat(modified.find("demo", "one")
                        .orElseThrow()
                        .spec()
                        .action()
                        .tcpSocket()
                        .port())
                .isEqualTo(IntOrString.of(15432));
        assertThat(directory.changedSinceLastLoad()).isFalse();

        write(dir, "sub/b.yaml", template("demo", "two"));
        assertThat(directory.changedSinceLastLoad()).as("added").isTrue();
        CatalogSnapshot added = directory.reloadIfChanged(modified);
        assertThat(added.find("demo", "two")).isPresent();

        Files.delete(file);
        assertThat(directory.changedSinceLastLoad()).as("deleted").isTrue();
        CatalogSnapshot deleted = directory.reloadIfChanged(added);
        assertThat(deleted.find("demo", "one")).isEmpty();
        assertThat(deleted.find("demo", "two")).isPresent();
    }

    @Test
    void rewriteWithTheSameSizeIsDetectedByModificationTime() throws IOException {
        Path file = write(dir, "a.yaml", template("demo", "one"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        TemplateDirectory directory = new TemplateDirectory(dir);
        directory.load();

        write(dir, "a.yaml", template("demo", "two"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:01Z")));

        assertThat(directory.changedSinceLastLoad()).isTrue();
        assertThat(directory.reloadIfChanged(null).find("demo", "two")).isPresent();
    }

    @Test
    void ignoredFilesDoNotCountAsChanges() {
        write(dir, "a.yaml", template("demo", "one"));
        TemplateDirectory directory = new TemplateDirectory(dir);
        directory.load();

        write(dir, "README.md", "notes");
        write(dir, ".a.yaml.swp", "editor swap file");

        assertThat(directory.changedSinceLastLoad()).isFalse();
    }

    @Test
    void directoryAppearingLaterIsNoticed() {
        Path root = dir.resolve("later");
        TemplateDirectory directory = new TemplateDirectory(root);
        assertThat(directory.load().problems()).hasSize(1);
        assertThat(directory.changedSinceLastLoad()).isFalse();

        write(root, "a.yaml", template("demo", "one"));

        assertThat(directory.changedSinceLastLoad()).isTrue();
        CatalogSnapshot snapshot = directory.reloadIfChanged(CatalogSnapshot.empty());
        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.find("demo", "one")).isPresent();
    }

    @Test
    void mountedConfigMapYieldsEachFileOnceAndItsAtomicSwapIsAChange() throws IOException {
        write(dir, "..2024_01_01_00_00_00.1/hooks.yaml", template("demo", "v1"));
        Path data = Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2024_01_01_00_00_00.1"));
        Files.createSymbolicLink(dir.resolve("hooks.yaml"), Path.of("..data/hooks.yaml"));
        TemplateDirectory directory = new TemplateDirectory(dir);
        CatalogSnapshot first = directory.load();
        assertThat(first.problems()).isEmpty();
        assertThat(first.templates().keySet()).containsExactly(new TemplateKey("demo", "v1"));

        write(dir, "..2024_01_02_00_00_00.2/hooks.yaml", template("demo", "v2"));
        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2024_01_02_00_00_00.2"));
        Files.move(next, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(directory.changedSinceLastLoad()).isTrue();
        assertThat(directory.reloadIfChanged(first).templates().keySet())
                .containsExactly(new TemplateKey("demo", "v2"));
    }
}
