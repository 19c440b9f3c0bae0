package io.hookstream.templates.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hookstream.schemas.Json;
import io.hookstream.templates.catalog.internal.CatalogAssembler;
import io.hookstream.templates.catalog.internal.DirectoryScan;
import io.hookstream.templates.catalog.internal.FileContents;
import io.hookstream.templates.catalog.internal.ManifestBinder;
import io.hookstream.templates.catalog.internal.ManifestReader;
import io.hookstream.templates.catalog.internal.ParsedFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory (searched recursively, hidden entries skipped) of {@code *.yaml}, {@code *.yml} and
 * {@code *.json} files holding HookTemplate and Namespace manifests, several documents a file. Loading never
 * throws for bad content: every problem of every document is reported in one pass with its file, line and field
 * (a field that does not bind hides no other problem), and leaves the good documents
 * loaded. A file that cannot be read or parsed at all keeps what it yielded at the previous load (last known
 * good). Thread-safe; every method does blocking file I/O, so call it off any event loop.
 */
public final class TemplateDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateDirectory.class);
    private static final ObjectMapper YAML =
            Json.configure(YAMLMapper.builder()).build();

    private final Path root;
    private final Clock clock;
    private final ManifestReader reader = new ManifestReader(YAML, Json.mapper());
    private final ManifestBinder binder = new ManifestBinder(YAML);
    private final Map<Path, FileContents> lastGood = new HashMap<>();
    private DirectoryScan lastScan;

    public TemplateDirectory(Path root) {
        this(root, Clock.systemUTC());
    }

    /** With the clock that stamps {@link CatalogSnapshot#loadedAt()}. */
    public TemplateDirectory(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path root() {
        return root;
    }

    /** Reads every file anew. A missing directory gives an empty catalog with one problem. */
    public synchronized CatalogSnapshot load() {
        DirectoryScan scan = DirectoryScan.of(root);
        SortedMap<Path, FileContents> contents = new TreeMap<>();
        for (Path file : scan.files().keySet()) {
            contents.put(file, loadFile(file));
        }
        lastGood.keySet().retainAll(scan.files().keySet());
        lastScan = scan;
        CatalogSnapshot snapshot = CatalogAssembler.assemble(contents, scan.problems(), clock.instant());
        log(snapshot, scan.files().size());
        return snapshot;
    }

    /**
     * Whether a file was added, removed or rewritten (by size, modification time or identity) since the last
     * {@link #load()}; true before the first. Cheap: reads no file, so it can run every couple of seconds.
     */
    public synchronized boolean changedSinceLastLoad() {
        return lastScan == null || !DirectoryScan.of(root).sameFilesAs(lastScan);
    }

    /** A fresh {@link #load()} when something changed (or {@code previous} is null), else {@code previous}. */
    public synchronized CatalogSnapshot reloadIfChanged(CatalogSnapshot previous) {
        return previous != null && !changedSinceLastLoad() ? previous : load();
    }

    private FileContents loadFile(Path file) {
        ParsedFile parsed = reader.read(file);
        if (parsed.isReadable()) {
            FileContents contents = binder.bind(file, parsed.documents());
            lastGood.put(file, contents);
            return contents;
        }
        FileContents previous = lastGood.get(file);
        if (previous == null
                || previous.templates().isEmpty() && previous.namespaces().isEmpty()) {
            return FileContents.failed(new LoadProblem(file, parsed.failureLine(), "", parsed.failure()));
        }
        String kept = "; until then the " + previous.templates().size() + " HookTemplate(s) and "
                + previous.namespaces().size() + " Namespace(s) it held before stay loaded";
        return previous.withProblems(List.of(new LoadProblem(file, parsed.failureLine(), "", parsed.failure() + kept)));
    }

    private void log(CatalogSnapshot snapshot, int files) {
        LOG.info(
                "Loaded {} HookTemplate(s) and {} Namespace(s) from {} file(s) under {}: {} problem(s)",
                snapshot.templates().size(),
                snapshot.namespaceLabels().size(),
                files,
                root,
                snapshot.problems().size());
        for (LoadProblem problem : snapshot.problems()) {
            LOG.warn("Template catalog problem: {}", problem);
        }
    }
}
