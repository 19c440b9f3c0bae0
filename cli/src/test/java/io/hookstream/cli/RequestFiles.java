package io.hookstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run request files for the CLI's ITs: a pre-backup run of the demo invoker with the given hooks. */
final class RequestFiles {

    private RequestFiles() {}

    /** Writes {@code dir/<runId>.json}; {@code hooks} is the JSON of the hooks array's elements. */
    static Path write(Path dir, String runId, String hooks) throws IOException {
        Path file = dir.resolve(runId + ".json");
        Files.writeString(file, """
                {"runId": "%s", "phase": "pre-backup",
                 "session": {"name": "mysql-backup-1", "namespace": "demo",
                             "invoker": {"apiGroup": "core.kubestash.com", "kind": "BackupConfiguration",
                                         "name": "mysql-backup"}},
                 "hooks": [%s]}
                """.formatted(runId, hooks));
        return file;
    }
}
