package io.hookstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.kafka.signing.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFileTest {

    @TempDir
    Path tmp;

    @Test
    void aNewDataDirectoryGetsAnOwnerOnlyKeyFileThatTheNextStartReuses() throws Exception {
        Path data = tmp.resolve("hookstream-data");

        SigningKeyFile.Stored first = SigningKeyFile.loadOrCreate(data);
        String key = Files.readString(first.file());
        SigningKeyFile.Stored second = SigningKeyFile.loadOrCreate(data);

        assertThat(first.created()).isTrue();
        assertThat(first.file()).isEqualTo(data.toAbsolutePath().resolve("hook-signing-keys"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())))
                .isEqualTo("rw-------");
        assertThat(SigningKeys.parse(key, "test").ids()).containsExactly("standalone");
        assertThat(second.created()).isFalse();
        assertThat(Files.readString(second.file())).isEqualTo(key);
        try (var files = Files.list(data)) {
            assertThat(files).as("no temporary file left behind").containsExactly(first.file());
        }
    }

    @Test
    void anExistingDataDirectoryKeepsItsPermissionsAndGetsAPrivateFile() throws Exception {
        Path data = Files.createDirectory(
                tmp.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        SigningKeyFile.Stored stored = SigningKeyFile.loadOrCreate(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedWithTheCommandThatFixesIt() throws Exception {
        Path data = tmp.resolve("data");
        Path file = SigningKeyFile.loadOrCreate(data).file();
        String key = Files.readString(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data))
                .isInstanceOf(DataDirectory.Refused.class)
                .hasMessageContaining("accessible by others (rw-r--r--)")
                .hasMessageContaining("chmod 600 '" + file + "'")
                .message()
                .satisfies(m -> assertThat(m)
                        .doesNotContain(key.lines()
                                .filter(l -> l.startsWith("standalone="))
                                .findFirst()
                                .orElseThrow()
                                .substring(11)));
        assertThat(Files.readString(file)).as("the key is not replaced").isEqualTo(key);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(SigningKeyFile.loadOrCreate(data).created()).isFalse();
    }

    @Test
    void aDataDirectoryOthersCanWriteIsRefused() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data))
                .isInstanceOf(DataDirectory.Refused.class)
                .hasMessageContaining("writable by others")
                .hasMessageContaining("chmod go-w '" + data.toAbsolutePath() + "'");
        assertThat(data.resolve("hook-signing-keys")).doesNotExist();
    }

    @Test
    void aDamagedKeyFileIsRefusedWithWhatToDo() throws Exception {
        Path data = tmp.resolve("data");
        Path file = SigningKeyFile.loadOrCreate(data).file();
        Files.writeString(file, "standalone=tooshort\n");

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data))
                .isInstanceOf(DataDirectory.Refused.class)
                .hasMessageContaining("at least 32 are needed")
                .hasMessageContaining("delete it to have a new key generated");
    }

    @Test
    void aSymbolicLinkInPlaceOfTheKeyFileIsRefused() throws Exception {
        Path data = Files.createDirectory(
                tmp.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "x");
        Files.createSymbolicLink(data.resolve("hook-signing-keys"), elsewhere);

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(data))
                .isInstanceOf(DataDirectory.Refused.class)
                .hasMessageContaining("is not a regular file");
    }
}
