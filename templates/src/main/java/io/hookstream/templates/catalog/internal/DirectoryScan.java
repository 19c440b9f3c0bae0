package io.hookstream.templates.catalog.internal;

import io.hookstream.templates.catalog.LoadProblem;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The manifest files under a root and a stamp of each (size, modification time, file key): cheap enough to
 * repeat every couple of seconds, and equal between two scans only when nothing was added, removed or
 * rewritten. Follows symbolic links and skips hidden entries, so a mounted Kubernetes ConfigMap (whose
 * {@code ..data} and timestamped folders are hidden) yields each file once. A root that is a file is a
 * catalog of that one file.
 */
public record DirectoryScan(boolean rootExists, SortedMap<Path, Stamp> files, List<LoadProblem> problems) {

    /** What identifies one version of a file without reading it. */
    public record Stamp(long size, FileTime modified, Object fileKey) {}

    public DirectoryScan {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        problems = List.copyOf(problems);
    }

    public static DirectoryScan of(Path root) {
        if (!Files.exists(root)) {
            return new DirectoryScan(
                    false,
                    new TreeMap<>(),
                    List.of(new LoadProblem(
                            root,
                            0,
                            "",
                            "the template directory does not exist; create it or point hookstream at the folder "
                                    + "holding the HookTemplate manifests")));
        }
        TreeMap<Path, Stamp> files = new TreeMap<>();
        List<LoadProblem> problems = new ArrayList<>();
        try {
            Files.walkFileTree(
                    root,
                    EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                    Integer.MAX_VALUE,
                    new Visitor(root, files, problems));
        } catch (IOException e) {
            problems.add(new LoadProblem(root, 0, "", "cannot list the directory (" + e + "); check permissions"));
        }
        return new DirectoryScan(true, files, problems);
    }

    /** Whether {@code other} saw the same files in the same versions. */
    public boolean sameFilesAs(DirectoryScan other) {
        return other != null && rootExists == other.rootExists && files.equals(other.files);
    }

    static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static final class Visitor extends SimpleFileVisitor<Path> {
        private final Path root;
        private final SortedMap<Path, Stamp> files;
        private final List<LoadProblem> problems;

        Visitor(Path root, SortedMap<Path, Stamp> files, List<LoadProblem> problems) {
            this.root = root;
            this.files = files;
            this.problems = problems;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            boolean wanted = file.equals(root) || !isHidden(file) && isManifest(file);
            if (wanted && attrs.isRegularFile()) {
                files.put(file, new Stamp(attrs.size(), attrs.lastModifiedTime(), attrs.fileKey()));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (!isHidden(file)) {
                problems.add(new LoadProblem(file, 0, "", "cannot be read (" + e + "); check permissions"));
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
