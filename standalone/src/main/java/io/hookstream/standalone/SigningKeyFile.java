package io.hookstream.standalone;

import com.sun.security.auth.module.UnixSystem;
import io.hookstream.kafka.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The standalone's generated hook-signing key, kept in its data directory so that the hook events it signed
 * before a restart still verify after it. Created once (a random 32-byte key, id {@value #KEY_ID}) in the text
 * form of {@code --hook-signing-keys-file}, owner-only: the file 0600, a data directory it creates 0700. Like ssh
 * with a private key, it refuses a key file that others may read or write, or that another user owns, and a data
 * directory that others may write (they could swap the key), saying what to run.
 */
final class SigningKeyFile {

    static final String FILE_NAME = "hook-signing-keys";
    static final String KEY_ID = "standalone";

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    /** The key file and whether it was created now (false: the key of an earlier start, reused). */
    record Stored(Path file, boolean created) {}

    private SigningKeyFile() {}

    /**
     * The key file in {@code dataDir}, created (with the directory, if missing) when there is none yet.
     *
     * @throws DataDirectory.Refused when the directory or the file is open to others, is not readable, or holds
     *                               no valid key
     */
    static Stored loadOrCreate(Path dataDir) throws DataDirectory.Refused {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE_NAME);
        boolean posix = DataDirectory.posix(dir);
        try {
            DataDirectory.createPrivateDirectory(dir);
            boolean created = false;
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                created = create(dir, file, posix);
            }
            if (posix) {
                checkFile(file);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            SigningKeys keys;
            try {
                keys = SigningKeys.parse(text, file.toString());
            } catch (IllegalArgumentException e) {
                throw new DataDirectory.Refused(e.getMessage() + ". Fix the file, or delete it to have a new key"
                        + " generated (hook events signed with the old key and not yet run are then dead-lettered"
                        + " BadSignature)");
            }
            if (keys.isEmpty()) {
                throw new DataDirectory.Refused(file + " holds no key. Delete it to have a new one generated");
            }
            return new Stored(file, created);
        } catch (IOException e) {
            throw new DataDirectory.Refused("cannot keep the hook-signing key in " + dir + " (" + e + "); give a"
                    + " writable --data-dir, or a key with HOOKSTREAM_HOOK_SIGNING_KEYS or --hook-signing-keys-file");
        }
    }

    /** Writes a new key to a private temporary file and moves it in place; false when another start won. */
    private static boolean create(Path dir, Path file, boolean posix) throws IOException {
        Path temp = posix
                ? Files.createTempFile(
                        dir,
                        "." + FILE_NAME,
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + FILE_NAME, ".tmp");
        try {
            Files.writeString(
                    temp,
                    "# hookstream standalone: the key its dispatcher signs hook events with and its"
                            + " workers verify them with.\n# Secret: anyone who can read it can have hooks run. Give the same"
                            + " file to a worker in another process\n# with --hook-signing-keys-file.\n"
                            + SigningKeys.generate(KEY_ID).toText() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(temp, file); // a rename in one directory: the key appears whole or not at all
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void checkFile(Path file) throws IOException, DataDirectory.Refused {
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
            throw new DataDirectory.Refused(file + " is not a regular file. Remove it to have a new key generated");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new DataDirectory.Refused("the hook-signing key " + file + " is accessible by others ("
                    + PosixFilePermissions.toString(permissions) + "): anyone who can read it can have hooks run."
                    + " Run: chmod 600 '" + file + "'");
        }
        Object owner = ownerUid(file);
        Long me = currentUid();
        if (owner != null && me != null && !owner.equals(me.intValue())) {
            throw new DataDirectory.Refused("the hook-signing key " + file + " belongs to another user (uid " + owner
                    + ", this process runs as uid " + me + "). Run hookstream as its owner, or: chown " + me + " '"
                    + file + "'");
        }
    }

    private static Object ownerUid(Path file) {
        try {
            return Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Long currentUid() {
        try {
            return new UnixSystem().getUid();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
