package io.hookstream.templates.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes manifest files for tests. */
final class CatalogFiles {

    private CatalogFiles() {}

    static Path write(Path dir, String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copyResource(Path dir, String resource) {
        try (InputStream in = CatalogFiles.class.getResourceAsStream("/catalog/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource catalog/" + resource);
            }
            return write(dir, resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid Operator template with a tcpSocket action, 11 lines long. */
    static String template(String namespace, String name) {
        return """
                apiVersion: core.kubestash.com/v1alpha1
                kind: HookTemplate
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  executor:
                    type: Operator
                  action:
                    tcpSocket:
                      port: 5432
                """.formatted(name, namespace);
    }
}
