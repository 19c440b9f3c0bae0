package io.hookstream.worker.executor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh temporary directory for one exec attempt: {@code work/} is the process's working directory, and
 * {@code stdout}/{@code stderr} beside it capture its output. Blocking.
 */
public record AttemptDirectory(Path root, Path work, Path stdout, Path stderr) {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptDirectory.class);

    public static AttemptDirectory create() throws IOException {
        Path root = Files.createTempDirectory("hookstream-exec-");
        Path work = Files.createDirectory(root.resolve("work"));
        return new AttemptDirectory(root, work, root.resolve("stdout"), root.resolve("stderr"));
    }

    /** Deletes the directory and everything in it; what cannot be deleted is left and logged. */
    public void delete() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(AttemptDirectory::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not clean up exec directory {}: {}", root, e.toString());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.toString());
        }
    }
}
