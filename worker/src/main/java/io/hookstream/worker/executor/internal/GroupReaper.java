package io.hookstream.worker.executor.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small POSIX shell process per JVM that ends the process groups of running execs when the JVM dies. Its
 * stdin is a pipe from the JVM: each started exec's group is registered ({@code +PGID}) and, once the exec's
 * command has exited, unregistered ({@code -PGID}). When the JVM dies, even by SIGKILL, the kernel closes the
 * pipe; at end of input the reaper sends SIGKILL to every group still registered and exits. It ignores HUP, INT,
 * QUIT and TERM (a terminal's Ctrl-C or a supervisor's TERM reaches the JVM, which drains and exits; the reaper
 * follows at end of input). The JVM's environment does not reach it.
 *
 * <p>A group id is the pid of its leader; the kernel does not reuse it while any process of the group lives, and
 * it is unregistered as soon as the leader has exited, so a stale id is killed only if the pid space wrapped
 * around to it in between. If the reaper exits anyway (someone killed it), it is restarted with the groups
 * registered at that moment; if it dies again within a second, the guard gives up and says so. Thread-safe.
 */
public final class GroupReaper {

    private static final Logger LOG = LoggerFactory.getLogger(GroupReaper.class);
    static final String SCRIPT = String.join(
            "\n",
            "trap '' HUP INT QUIT TERM PIPE",
            "g=' '",
            "while IFS= read -r l; do",
            "  case $l in",
            "    +*) g=\"$g${l#+} \" ;;",
            "    -*) i=${l#-}",
            "        case $g in *\" $i \"*) g=\"${g% $i *} ${g##* $i }\" ;; esac ;;",
            "  esac",
            "done",
            "for i in $g; do kill -s KILL -- \"-$i\" 2>/dev/null; done",
            "exit 0");
    private static final long MIN_LIFETIME_MILLIS = 1_000;

    private final Path shell;
    private final long minLifetimeMillis;
    private final Set<Long> groups = ConcurrentHashMap.newKeySet();
    private Process process;
    private OutputStream input;
    private long startedAtMillis;
    private boolean givenUp;

    private GroupReaper(Path shell, long minLifetimeMillis) {
        this.shell = shell;
        this.minLifetimeMillis = minLifetimeMillis;
    }

    /** Starts the reaper with {@code shell}. */
    public static GroupReaper start(Path shell) throws IOException {
        return start(shell, MIN_LIFETIME_MILLIS);
    }

    /** @param minLifetimeMillis a reaper that exits sooner after its start is not restarted */
    static GroupReaper start(Path shell, long minLifetimeMillis) throws IOException {
        GroupReaper reaper = new GroupReaper(shell, minLifetimeMillis);
        synchronized (reaper) {
            reaper.launch();
        }
        return reaper;
    }

    /**
     * Closes the reaper's input, as the JVM's death does: it kills every registered group and exits, and is not
     * restarted. For tests; a worker never calls it (its reaper ends with the JVM).
     */
    synchronized Process closeInput() throws IOException {
        givenUp = true;
        if (input != null) {
            input.close();
            input = null;
        }
        return process;
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** From now until {@link #unregister}, group {@code pgid} is killed if the JVM dies. */
    public synchronized void register(long pgid) {
        if (groups.add(pgid)) {
            send("+" + pgid + "\n");
        }
    }

    public synchronized void unregister(long pgid) {
        if (groups.remove(pgid)) {
            send("-" + pgid + "\n");
        }
    }

    /** Groups registered now. */
    public int registered() {
        return groups.size();
    }

    private synchronized void send(String line) {
        if (input == null) {
            return;
        }
        try {
            input.write(line.getBytes(StandardCharsets.US_ASCII));
            input.flush();
        } catch (IOException e) {
            input = null; // the reaper has exited: onExit restarts it with every registered group
        }
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(shell.toString(), "-c", SCRIPT))
                .directory(new File("/"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        Process started = builder.start();
        process = started;
        input = started.getOutputStream();
        startedAtMillis = System.currentTimeMillis();
        StringBuilder all = new StringBuilder();
        groups.forEach(pgid -> all.append('+').append(pgid).append('\n'));
        if (!all.isEmpty()) {
            send(all.toString());
        }
        started.onExit().thenRun(() -> exited(started));
    }

    private synchronized void exited(Process gone) {
        if (gone != process || givenUp) {
            return;
        }
        input = null;
        if (System.currentTimeMillis() - startedAtMillis < minLifetimeMillis) {
            givenUp = true;
            LOG.error(
                    "the exec reaper (pid {}) exited with code {} right after its start: the child processes of"
                            + " exec hooks are no longer ended if this JVM dies (the commands themselves still are, by their"
                            + " parent-death signal where setpriv runs them); restart the worker to restore it",
                    gone.pid(),
                    gone.exitValue());
            return;
        }
        try {
            launch();
            LOG.warn(
                    "the exec reaper (pid {}) exited with code {}; restarted it as pid {} with {} process groups",
                    gone.pid(),
                    gone.exitValue(),
                    process.pid(),
                    groups.size());
        } catch (IOException e) {
            givenUp = true;
            LOG.error(
                    "the exec reaper exited and cannot be restarted ({}): exec hooks' child processes are no"
                            + " longer ended if this JVM dies; restart the worker to restore it",
                    e.getMessage());
        }
    }
}
