package io.hookstream.embedded.internal;

import io.hookstream.embedded.EmbeddedKafkaException;
import io.hookstream.embedded.EmbeddedKafkaException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory once, like {@code kafka-storage.sh format}, and leaves a formatted one alone. */
public final class StorageFormat {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);
    private static final String META_PROPERTIES = "meta.properties";

    private StorageFormat() {}

    /** Whether {@code logDir} already holds a formatted broker (a {@code meta.properties}). */
    public static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve(META_PROPERTIES));
    }

    /**
     * Formats {@code logDir} for a single static-quorum node with a new cluster id, unless it is formatted already.
     *
     * @return whether it was formatted now
     */
    public static boolean formatIfNeeded(Path logDir) {
        if (isFormatted(logDir)) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String dir = logDir.toAbsolutePath().toString();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(BrokerSettings.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dir)
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    Reason.DATA_DIR_FAILED,
                    "Could not create the Kafka data directory " + dir + ": " + e.getMessage()
                            + ". Pass a writable data directory.",
                    e);
        } catch (Exception e) {
            throw new EmbeddedKafkaException(
                    Reason.DATA_DIR_FAILED,
                    "Could not format the Kafka data directory " + dir + ": " + e.getMessage()
                            + ". Pass an empty or previously used embedded-broker data directory.",
                    e);
        }
        LOG.debug(
                "Formatted {}: {}", dir, output.toString(StandardCharsets.UTF_8).trim());
        return true;
    }
}
