package io.hookstream.standalone;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The standalone's data directory, held for the life of the process: a lock keeps a second standalone out of it,
 * and it keeps the standalone's instance id across restarts, so that the restarted process's consumers rejoin
 * their groups as the same static members and take their partitions back at once (instead of waiting out the
 * dead process's session). The embedded broker's data and the generated signing key ({@link SigningKeyFile}) live
 * here too.
 */
final class DataDirectory implements AutoCloseable {

    static final String LOCK_FILE = "standalone.lock";
    static final String INSTANCE_ID_FILE = "instance-id";
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path path;
    private final String instanceId;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path path, String instanceId, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.instanceId = instanceId;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory when missing (owner-only), locks it and reads (or makes, once) its instance id.
     *
     * @throws Refused when another standalone holds the directory, or it cannot be written
     */
    static DataDirectory open(Path dir) throws Refused {
        Path path = dir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            createPrivateDirectory(path);
            channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new Refused("another hookstream standalone is running on the data directory " + path
                        + ": stop it, or give this one another --data-dir");
            }
            channel.truncate(0)
                    .write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new DataDirectory(path, instanceId(path), channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Refused(
                    "cannot use the data directory " + path + " (" + e + "); give a writable" + " --data-dir");
        } catch (Refused e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Why the data directory or a file in it cannot be used; the message says what to do. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Creates {@code dir} owner-only (0700) when it is missing; refuses an existing one that others may write
     * (they could replace the signing key or the instance id in it).
     */
    static void createPrivateDirectory(Path dir) throws IOException, Refused {
        boolean posix = posix(dir);
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new Refused("the data directory " + dir + " is writable by others ("
                        + PosixFilePermissions.toString(permissions) + "), who could replace the hook-signing key"
                        + " kept in it. Run: chmod go-w '" + dir + "'");
            }
        }
    }

    static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    Path path() {
        return path;
    }

    /** The standalone's instance id, the same at every start on this directory. */
    String instanceId() {
        return instanceId;
    }

    /** Releases the lock (the process's exit does too). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel closes next, which releases the lock too
        }
        closeQuietly(lockChannel);
    }

    private static String instanceId(Path dir) throws IOException {
        Path file = dir.resolve(INSTANCE_ID_FILE);
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (INSTANCE_ID.matcher(id).matches()) {
                return id;
            }
        }
        String id = "standalone-" + UUID.randomUUID().toString().substring(0, 8);
        Path temp = Files.createTempFile(dir, "." + INSTANCE_ID_FILE, ".tmp");
        try {
            Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return id;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
