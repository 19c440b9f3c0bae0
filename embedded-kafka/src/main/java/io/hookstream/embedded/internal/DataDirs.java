package io.hookstream.embedded.internal;

import io.hookstream.embedded.EmbeddedKafkaException;
import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and deletes the broker's data directory. */
public final class DataDirs {

    private DataDirs() {}

    /** A new, empty temporary directory. */
    public static Path createTemp() {
        try {
            return Files.createTempDirectory("hookstream-kafka-");
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    Reason.DATA_DIR_FAILED,
                    "Could not create a temporary data directory for the embedded Kafka broker: " + e.getMessage()
                            + ". Check java.io.tmpdir or pass a data directory.",
                    e);
        }
    }

    /** Deletes {@code dir} and everything in it; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DataDirs::delete);
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedKafkaException(
                    Reason.DATA_DIR_FAILED,
                    "Could not delete the embedded Kafka data directory " + dir + ": " + e.getMessage()
                            + ". Delete it by hand.",
                    e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
