package io.hookstream.worker.executor.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which programs an Operator exec may start. A program is resolved the way the process launcher would (an
 * absolute path as is, a bare name on the worker's PATH) and compared by its real path with the allowed programs,
 * resolved the same way at start-up; so {@code sh} and {@code /bin/sh} are one program. When the list is not
 * {@code *}, the command runs with its resolved path, so the checked file is the started file (a PATH param of
 * the hook cannot change which one).
 */
public final class ExecPolicy {

    private final boolean disabled;
    private final boolean any;
    private final List<String> path;
    /** Real path → the setting's entry it came from. */
    private final Map<Path, String> allowed;

    private ExecPolicy(boolean disabled, boolean any, List<String> path, Map<Path, String> allowed) {
        this.disabled = disabled;
        this.any = any;
        this.path = path;
        this.allowed = allowed;
    }

    /**
     * @param allow   {@code *}, absolute paths or bare names
     * @param workerPath the worker's PATH (null or empty: no directory)
     * @throws IllegalArgumentException when an entry is malformed or names no executable file
     */
    public static ExecPolicy of(List<String> allow, boolean disabled, String workerPath) {
        List<String> directories = new ArrayList<>();
        if (workerPath != null) {
            for (String directory : workerPath.split(File.pathSeparator)) {
                directories.add(directory.isEmpty() ? "." : directory);
            }
        }
        boolean any = allow.contains("*");
        Map<Path, String> allowed = new LinkedHashMap<>();
        if (!any) {
            for (String entry : allow) {
                String program = entry == null ? "" : entry.trim();
                if (program.isEmpty() || (program.indexOf('/') >= 0 && !program.startsWith("/"))) {
                    throw new IllegalArgumentException("--exec-allow: '" + entry + "' is neither an absolute path"
                            + " nor a bare program name (nor *)");
                }
                Path real = resolve(program, directories)
                        .orElseThrow(() ->
                                new IllegalArgumentException("--exec-allow: '" + program + "' is no executable file"
                                        + (program.startsWith("/") ? "" : " on the worker's PATH (" + workerPath + ")")
                                        + ": install it or remove it from the list"));
                allowed.put(real, program);
            }
        }
        return new ExecPolicy(disabled, any, List.copyOf(directories), allowed);
    }

    /**
     * The command to start, with the program replaced by its resolved path when a list applies.
     *
     * @throws NotAllowedException when exec is disabled or the program is outside the list
     */
    public List<String> admit(List<String> command) throws NotAllowedException {
        String program = command.get(0);
        if (disabled) {
            throw new NotAllowedException("action.exec: " + program + " was not started: exec is disabled on this"
                    + " worker (--exec-disabled true)");
        }
        if (any) {
            return command;
        }
        String setting = "--exec-allow " + String.join(",", allowed.values());
        if (program.indexOf('/') >= 0 && !program.startsWith("/")) {
            throw new NotAllowedException("action.exec: " + program + " was not started: a relative path is never"
                    + " in " + setting + "; use an absolute path or a bare name");
        }
        Optional<Path> launched = locate(program, path);
        Path real = launched.flatMap(ExecPolicy::realPath).orElse(null);
        if (real == null || !allowed.containsKey(real)) {
            throw new NotAllowedException("action.exec: " + program
                    + (launched.isPresent() && !launched.get().toString().equals(program)
                            ? " (" + launched.get() + ")"
                            : "")
                    + " was not started: it is not in " + setting);
        }
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, launched.get().toString());
        return resolved;
    }

    public String describe() {
        return disabled ? "disabled" : any ? "*" : String.join(",", allowed.values());
    }

    private static Optional<Path> resolve(String program, List<String> directories) {
        return locate(program, directories).flatMap(ExecPolicy::realPath);
    }

    /** The file a launcher would start: an absolute path as is, a bare name in the first PATH directory that has it. */
    private static Optional<Path> locate(String program, List<String> directories) {
        if (program.startsWith("/")) {
            Path file = Path.of(program);
            return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
        for (String directory : directories) {
            Path file = Path.of(directory).resolve(program).toAbsolutePath();
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> realPath(Path file) {
        try {
            return Optional.of(file.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The program may not run here. */
    public static final class NotAllowedException extends Exception {
        public NotAllowedException(String message) {
            super(message);
        }
    }
}
