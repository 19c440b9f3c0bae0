package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seams between modules, read from the sources of the whole tree (main and test): no module uses another
 * module's {@code .internal} packages; {@code schemas} depends on nothing of ours; the dispatcher and the worker
 * never use each other; the executors know nothing of Kafka. A reference counts whether imported or written
 * fully qualified.
 */
class ModuleSeamsTest {

    private static final Path ROOT = Path.of("..");
    /** Each module and the package it owns. */
    private static final Map<String, String> OWNERS = new LinkedHashMap<>();

    static {
        OWNERS.put("cli", "io.hookstream.cli");
        OWNERS.put("dispatcher", "io.hookstream.dispatcher");
        OWNERS.put("embedded-kafka", "io.hookstream.embedded");
        OWNERS.put("kafka-common", "io.hookstream.kafka");
        OWNERS.put("loadtest", "io.hookstream.loadtest");
        OWNERS.put("schemas", "io.hookstream.schemas");
        OWNERS.put("standalone", "io.hookstream.standalone");
        OWNERS.put("templates", "io.hookstream.templates");
        OWNERS.put("test-support", "io.hookstream.testing");
        OWNERS.put("worker", "io.hookstream.worker");
    }

    private static final Pattern INTERNAL = Pattern.compile("io\\.hookstream\\.[A-Za-z0-9_.]*?\\.internal\\b");
    /** A class of ours, imported or written fully qualified: a lower-case package path, then a class name. */
    private static final Pattern OURS = Pattern.compile("\\b(io\\.hookstream\\.[a-z]+)(\\.[a-z0-9_]+)*\\.[A-Z]");

    @Test
    void everyModuleOfTheTreeIsKnownHere() throws IOException {
        try (Stream<Path> entries = Files.list(ROOT)) {
            List<String> modules = entries.filter(dir -> Files.isDirectory(dir.resolve("src")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
            assertThat(modules).containsExactlyInAnyOrderElementsOf(OWNERS.keySet());
        }
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        List<String> violations = new ArrayList<>();
        OWNERS.forEach((module, owned) -> sources(module).forEach(file -> {
            Matcher matcher = INTERNAL.matcher(read(file));
            while (matcher.find()) {
                if (!matcher.group().startsWith(owned + ".")) {
                    violations.add(ROOT.relativize(file) + " uses " + matcher.group());
                }
            }
        }));

        assertThat(violations).as("uses of another module's .internal package").isEmpty();
    }

    @Test
    void schemasDependOnNothingOfOurs() {
        assertThat(references("schemas", "main"))
                .contains("io.hookstream.schemas")
                .allMatch(ref -> ref.equals("io.hookstream.schemas"));
    }

    @Test
    void theDispatcherAndTheWorkerNeverUseEachOther() {
        assertThat(references("dispatcher", "main"))
                .contains("io.hookstream.kafka")
                .doesNotContain("io.hookstream.worker");
        assertThat(references("worker", "main")).doesNotContain("io.hookstream.dispatcher");
    }

    @Test
    void theExecutorsKnowNothingOfKafka() {
        List<String> violations = new ArrayList<>();
        sources("worker")
                .filter(file -> file.toString().contains("/src/main/java/io/hookstream/worker/executor/"))
                .forEach(file -> {
                    String text = read(file);
                    if (text.contains("org.apache.kafka") || text.contains("io.hookstream.kafka")) {
                        violations.add(ROOT.relativize(file).toString());
                    }
                });

        assertThat(violations).as("executor classes that use Kafka").isEmpty();
    }

    @Test
    void theCheckFindsAnInternalUseItIsShown() {
        String foreign = "import io.hookstream.worker" + ".internal.HookIdRegistry;"; // split: not a use of its own
        Matcher matcher = INTERNAL.matcher(foreign);

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group())
                .isEqualTo("io.hookstream.worker" + ".internal")
                .doesNotStartWith(OWNERS.get("dispatcher") + ".");
    }

    /** The top-level packages of ours that a module's {@code kind} sources (main or test) refer to. */
    private static List<String> references(String module, String kind) {
        List<String> found = new ArrayList<>();
        sources(module)
                .filter(file -> file.toString().contains("/src/" + kind + "/"))
                .forEach(file -> {
                    Matcher matcher = OURS.matcher(read(file));
                    while (matcher.find()) {
                        if (!found.contains(matcher.group(1))) {
                            found.add(matcher.group(1));
                        }
                    }
                });
        return found;
    }

    private static Stream<Path> sources(String module) {
        Path src = ROOT.resolve(module).resolve("src");
        try (Stream<Path> walk = Files.walk(src)) {
            return walk.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
