package io.hookstream.worker.executor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How exec processes are started so that they cannot outlive the worker JVM (Linux, util-linux), found once by
 * probing this machine:
 *
 * <ul>
 *   <li>{@code setpriv --pdeathsig KILL --}: the kernel SIGKILLs the started command when the thread that started
 *       it ends, i.e. (the spawning threads live as long as the JVM) when the JVM dies, even by SIGKILL;</li>
 *   <li>{@code setsid --}: the command leads its own session and process group, so that its children and
 *       grandchildren can be found and ended as one group (by the {@link GroupReaper} if the JVM dies);</li>
 *   <li>the {@link StartGate}: the command starts only once its group is registered with the reaper and while
 *       its parent-death signal is sure to fire (its parent is still the JVM).</li>
 * </ul>
 *
 * All three replace themselves with the next program ({@code exec}, no fork: the command is started by a JVM
 * thread, so it never leads a process group and setsid has no reason to fork), so the pid Java sees is the
 * command's. The probes check exactly that, and that the gate passes the environment on unchanged. Whatever is
 * missing is left out, and {@link #gaps()} says what is then not covered. Immutable.
 *
 * @param gate the start gate, null when it is not used (no wrapper, or its probe failed)
 */
public record ExecGuard(
        List<String> prefix, boolean pdeathsig, boolean groups, Path shell, StartGate gate, String gaps) {

    /** The probe prints the first fields of its own /proc/PID/stat: pid, name, state, ppid, pgrp. */
    private static final String PROBE = "read -r s < /proc/$$/stat && echo \"$s\"";

    private static final long PROBE_SECONDS = 10;

    public ExecGuard {
        prefix = List.copyOf(prefix);
    }

    /** No wrapper: commands start as they are (the platform has none of the tools). */
    public static ExecGuard none(String gaps) {
        return new ExecGuard(List.of(), false, false, null, null, gaps);
    }

    /** Finds setpriv, setsid and sh in {@code directories} and probes them. Blocking (starts up to two processes). */
    public static ExecGuard detect(List<Path> directories) {
        Path shell = find("sh", directories);
        Path setpriv = find("setpriv", directories);
        Path setsid = find("setsid", directories);
        Path cat = find("cat", directories);
        if (shell == null) {
            return none("no sh on " + directories + " for the probe and the reaper");
        }
        List<String> pdeathsigPrefix =
                setpriv == null ? null : List.of(setpriv.toString(), "--pdeathsig", "KILL", "--");
        List<String> setsidPrefix = setsid == null ? null : List.of(setsid.toString(), "--");
        String pdeathsigProblem = setpriv == null ? "setpriv not found" : probe(pdeathsigPrefix, shell, false);
        String setsidProblem = setsid == null ? "setsid not found" : probe(setsidPrefix, shell, true);
        List<String> prefix = new ArrayList<>();
        if (pdeathsigProblem == null) {
            prefix.addAll(pdeathsigPrefix);
        }
        if (setsidProblem == null) {
            prefix.addAll(setsidPrefix);
        }
        String gateProblem = prefix.isEmpty() ? "no wrapper" : StartGate.probe(prefix, shell, cat);
        List<String> gaps = new ArrayList<>();
        if (pdeathsigProblem != null) {
            gaps.add("no parent-death signal (" + pdeathsigProblem + "): "
                    + (setsidProblem == null
                            ? (gateProblem == null
                                    ? "only the reaper ends an exec when the JVM dies"
                                    : "an exec whose JVM dies before it is registered with the reaper keeps running")
                            : "an exec keeps running when the JVM dies"));
        }
        if (setsidProblem != null) {
            gaps.add("no process group per exec (" + setsidProblem + "): the children and grandchildren of an exec"
                    + " keep running when the JVM dies");
        }
        if (gateProblem != null && !prefix.isEmpty()) {
            gaps.add("no start gate (" + gateProblem + "): a JVM killed within the first milliseconds of an exec's"
                    + " start can leave the command or its children running");
        }
        return new ExecGuard(
                prefix,
                pdeathsigProblem == null,
                setsidProblem == null,
                shell,
                gateProblem == null ? new StartGate(shell) : null,
                gaps.isEmpty() ? null : String.join("; ", gaps));
    }

    /** This guard without the process group: {@code why} says what kept it from working. */
    public ExecGuard withoutGroups(String why) {
        String gap = "no process group per exec (" + why + "): the children and grandchildren of an exec keep"
                + " running when the JVM dies";
        return new ExecGuard(
                pdeathsig ? prefix.subList(0, 4) : List.of(),
                pdeathsig,
                false,
                shell,
                pdeathsig ? gate : null,
                gaps == null ? gap : gaps + "; " + gap);
    }

    /** True when commands get at least one of the two guards. */
    public boolean active() {
        return !prefix.isEmpty();
    }

    /**
     * The argv to start without the gate: the wrapper, then {@code program} and the command's arguments, all as
     * argv items.
     */
    public List<String> wrap(String program, List<String> command) {
        List<String> wrapped = new ArrayList<>(prefix.size() + command.size());
        wrapped.addAll(prefix);
        wrapped.add(program);
        wrapped.addAll(command.subList(1, command.size()));
        return wrapped;
    }

    /** Null when the wrapped probe ran, is the pid Java started and (when asked) leads its own process group. */
    private static String probe(List<String> prefix, Path shell, boolean ownGroup) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(shell.toString(), "-c", PROBE));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        try {
            Process process = builder.start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", prefix) + " did not finish its probe within " + PROBE_SECONDS + " s";
            }
            if (process.exitValue() != 0) {
                return String.join(" ", prefix) + " failed its probe (exit " + process.exitValue() + ": "
                        + firstLine(output) + ")";
            }
            String[] fields =
                    output.substring(Math.max(0, output.lastIndexOf(')') + 2)).split(" ");
            String pid = output.split(" ", 2)[0];
            if (!pid.equals(Long.toString(process.pid()))) {
                return String.join(" ", prefix) + " forked: the command's pid is not the one Java started";
            }
            if (ownGroup && (fields.length < 3 || !fields[2].equals(pid))) {
                return String.join(" ", prefix) + " did not give the command its own process group";
            }
            return null;
        } catch (IOException e) {
            return String.join(" ", prefix) + " could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the probe was interrupted";
        } catch (RuntimeException e) {
            return String.join(" ", prefix) + " gave an unreadable probe answer: " + e;
        }
    }

    private static String firstLine(String output) {
        int end = output.indexOf('\n');
        return end < 0 ? output : output.substring(0, end);
    }

    private static Path find(String program, List<Path> directories) {
        for (Path directory : directories) {
            Path file = directory.resolve(program);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return file.toAbsolutePath();
            }
        }
        return null;
    }
}
