package io.hookstream.worker.executor.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the exec processes of the Operator executor so that they cannot outlive the JVM (see {@link ExecGuard}
 * and {@link GroupReaper}). Processes are started on a few dedicated platform threads that serve a queue and never
 * end before the JVM: a parent-death signal fires when the thread that started the process ends, not the process,
 * so a pool whose threads may time out, be replaced or be closed would kill running hooks. One spawner serves the
 * whole JVM ({@link #shared()}); at its creation the first thread probes the machine, starts the reaper and logs
 * once what is covered (INFO) or not (WARN). Thread-safe.
 */
public final class ProcessSpawner {

    static final String THREAD_PREFIX = "hookstream-exec-spawn-";
    static final int THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSpawner.class);
    private static final List<Path> SYSTEM_DIRECTORIES =
            List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));
    private static ProcessSpawner shared;

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Setup> setup = new CompletableFuture<>();
    /** The JVM's PATH, which Java itself searches for a bare program name. */
    private final String jvmPath;

    private record Setup(ExecGuard guard, GroupReaper reaper) {}

    /**
     * @param toolDirectories where to look for setpriv, setsid and sh (none: start commands as they are)
     * @param threads         spawning threads, started now, ending with the JVM
     */
    public ProcessSpawner(List<Path> toolDirectories, int threads) {
        this.jvmPath = Objects.requireNonNullElse(System.getenv("PATH"), ":/bin:/usr/bin");
        List<Path> directories = List.copyOf(toolDirectories);
        tasks.add(() -> setup.complete(prepare(directories)));
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::serve, THREAD_PREFIX + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The spawner of this JVM, created at the first call; it looks for its tools on the PATH and in /usr/bin, /bin. */
    public static synchronized ProcessSpawner shared() {
        if (shared == null) {
            shared = new ProcessSpawner(toolDirectories(System.getenv("PATH")), THREADS);
        }
        return shared;
    }

    /**
     * Starts {@code builder}'s command on a spawning thread, wrapped by the guard; the builder's command is
     * replaced by the wrapped one (and, with the {@link StartGate}, its input by the gate's pipe and the shell's own
     * variables of its environment by their carriers; the command still gets the input and environment given).
     * Fails with the IOException Java would give when the program cannot start.
     */
    public CompletableFuture<Process> start(ProcessBuilder builder) {
        CompletableFuture<Process> started = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                started.complete(startHere(builder));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    /**
     * True when every process this spawner starts leads its own process group (its pgid is its pid). Known once
     * the first {@link #start} completed; blocks until the probe is done before that.
     */
    public boolean groups() {
        return setup.join().reaper() != null;
    }

    /** The guard in force; blocks until the probe is done. */
    public ExecGuard guard() {
        return setup.join().guard();
    }

    private Process startHere(ProcessBuilder builder) throws IOException {
        Setup ready = setup.join();
        ExecGuard guard = ready.guard();
        if (!guard.active()) {
            return builder.start();
        }
        List<String> command = builder.command();
        String program = program(
                command.get(0), builder.directory(), builder.environment().get("PATH"));
        ProcessBuilder.Redirect input = builder.redirectInput();
        StartGate gate =
                input.type() == ProcessBuilder.Redirect.Type.READ || input.type() == ProcessBuilder.Redirect.Type.PIPE
                        ? guard.gate()
                        : null;
        if (gate == null) {
            builder.command(guard.wrap(program, command));
        } else {
            List<String> wrapped = new ArrayList<>(guard.prefix());
            wrapped.addAll(gate.wrap(program, command, input.file(), builder.environment()));
            builder.command(wrapped).redirectInput(ProcessBuilder.Redirect.PIPE);
        }
        Process process = builder.start();
        GroupReaper reaper = ready.reaper();
        if (reaper != null) {
            long group = process.pid();
            reaper.register(group);
            process.onExit().thenRun(() -> reaper.unregister(group));
        }
        if (gate != null) {
            StartGate.open(process, input.file() != null); // the group is registered: the command may start now
        }
        return process;
    }

    /**
     * The program the wrapper should exec, checked the way Java would start it: a path with a slash as is
     * (relative to the working directory), a bare name found on the JVM's PATH. The bare name stays when the
     * command's PATH is the JVM's (the wrapper's exec finds the same file, and argv[0] is as given), else the found
     * absolute path (a PATH param of the hook does not change which program starts, as without the wrapper).
     */
    private String program(String program, File directory, String commandPath) throws IOException {
        Path base = directory == null ? Path.of("").toAbsolutePath() : directory.toPath();
        List<Path> candidates = new ArrayList<>();
        if (program.indexOf('/') >= 0) {
            candidates.add(base.resolve(program));
        } else {
            for (String entry : jvmPath.split(":", -1)) {
                candidates.add(base.resolve(entry.isEmpty() ? "." : entry).resolve(program));
            }
        }
        boolean denied = false;
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return program.indexOf('/') >= 0 || jvmPath.equals(commandPath)
                        ? program
                        : candidate.toAbsolutePath().toString();
            }
            denied |= Files.exists(candidate);
        }
        throw new IOException("Cannot run program \"" + program + "\""
                + (directory == null ? "" : " (in directory \"" + directory + "\")") + ": "
                + (denied ? "error=13, Permission denied" : "error=2, No such file or directory"));
    }

    private Setup prepare(List<Path> directories) {
        ExecGuard guard = ExecGuard.detect(directories);
        GroupReaper reaper = null;
        if (guard.groups()) {
            try {
                reaper = GroupReaper.start(guard.shell());
            } catch (IOException e) {
                guard = guard.withoutGroups("the reaper could not be started: " + e.getMessage());
            }
        }
        if (guard.gaps() == null) {
            LOG.info(
                    "exec guard: hook commands start under {} and a start gate ({}; parent-death signal, own process"
                            + " group, started only once registered); the reaper (pid {}) SIGKILLs their process groups if"
                            + " this JVM dies",
                    String.join(" ", guard.prefix()),
                    guard.shell(),
                    reaper.pid());
        } else {
            LOG.warn(
                    "exec guard incomplete on this machine: {}. Inside a container the kernel still ends every"
                            + " process with the pod; outside one, install util-linux (setpriv, setsid){}",
                    guard.gaps(),
                    guard.active()
                            ? "; in force: " + String.join(" ", guard.prefix())
                            : "; commands start as they" + " are");
        }
        return new Setup(guard, reaper);
    }

    private void serve() {
        while (true) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                // this thread must outlive every process it started: it keeps serving
            } catch (Throwable e) {
                LOG.error("exec spawner task failed", e);
            }
        }
    }

    static List<Path> toolDirectories(String path) {
        Set<Path> directories = new LinkedHashSet<>();
        if (path != null) {
            for (String entry : path.split(":")) {
                if (entry.startsWith("/")) {
                    directories.add(Path.of(entry));
                }
            }
        }
        directories.addAll(SYSTEM_DIRECTORIES);
        return List.copyOf(directories);
    }
}
