package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void theInstanceIdIsMadeOnceAndKeptForEveryLaterStart() throws Exception {
        Path dir = tmp.resolve("hookstream-data");
        String first;
        try (DataDirectory data = DataDirectory.open(dir)) {
            first = data.instanceId();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
        }
        try (DataDirectory data = DataDirectory.open(dir)) {
            assertThat(data.instanceId()).isEqualTo(first).matches("standalone-[0-9a-f]{8}");
        }
        try (DataDirectory other = DataDirectory.open(tmp.resolve("other"))) {
            assertThat(other.instanceId()).as("another directory, another id").isNotEqualTo(first);
        }
    }

    @Test
    void aSecondStandaloneOnTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path dir = tmp.resolve("data");
        try (DataDirectory held = DataDirectory.open(dir)) {
            assertThatThrownBy(() -> DataDirectory.open(dir))
                    .isInstanceOf(DataDirectory.Refused.class)
                    .hasMessageContaining("another hookstream standalone is running on the data directory " + dir)
                    .hasMessageContaining("another --data-dir");
        }
        DataDirectory.open(dir).close();
    }
}
