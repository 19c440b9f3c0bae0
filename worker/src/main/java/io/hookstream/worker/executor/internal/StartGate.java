package io.hookstream.worker.executor.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gate between the exec guard's wrapper and the command: a POSIX shell that the wrapper ({@code setpriv
 * --pdeathsig KILL -- setsid --}) runs first and that replaces itself with the command ({@code exec}: same pid,
 * nothing forked) only when
 *
 * <ul>
 *   <li>it has read {@code go} on its stdin, a pipe that the JVM writes only after it has registered the
 *       command's process group with the {@link GroupReaper} — at end of input (the JVM died before) it exits
 *       125 and the command never starts; and</li>
 *   <li>its parent is still the JVM: the parent-death signal was set while the JVM ran, so it will fire (a JVM
 *       that died before {@code setpriv} set it would never signal, and the command would run on).</li>
 * </ul>
 *
 * Without the gate, a JVM killed in the first milliseconds of a start left the command's children running (its
 * group not registered yet) or the whole command (no parent-death signal yet). The command then reads its input
 * from the file the caller gave ({@code exec "$@" <file}) or on from the pipe. Its environment arrives unchanged: the shell would
 * set {@link #SHELL_VARIABLES} itself, so these travel under {@code HOOKSTREAM_GATE_<name>} and the gate puts them
 * back before the exec (and removes the {@code PWD} the shell adds); the start-up probe ({@link #probe}) checks
 * that the environment a command gets is exactly the one given, else the gate is not used. Values are never
 * evaluated by the shell (parameter expansion into an assignment only). Immutable.
 */
public final class StartGate {

    /** The gate's $0, shown by ps during the first milliseconds of an exec. */
    static final String NAME = "hookstream-exec-gate";
    /** What the JVM writes to the gate once the command's group is registered. */
    private static final byte[] GO = "go\n".getBytes(StandardCharsets.US_ASCII);
    /** Variables that a POSIX shell sets on its own (dash, ash: PPID, IFS, OPTIND; PWD it adds). */
    static final List<String> SHELL_VARIABLES = List.of("PPID", "IFS", "OPTIND", "PWD");

    static final String CARRIER = "HOOKSTREAM_GATE_";
    /**
     * $1 the JVM's pid, $2 the command's input file (empty: the command reads on from the gate's pipe), $3 the
     * shell variables the command has; then the command.
     */
    static final String SCRIPT = String.join(
            "\n",
            "IFS= read -r go || exit 125",
            "[ \"$go\" = go ] && [ \"$PPID\" = \"$1\" ] || exit 125",
            "case \" $3 \" in *\" PWD \"*) ;; *) unset PWD ;; esac",
            "i=$2; s=$3; shift 3",
            "for n in $s; do eval \"v=\\$" + CARRIER + "$n\"; unset \"" + CARRIER + "$n\"; export \"$n=$v\"; done",
            "[ -z \"$i\" ] && exec \"$@\"",
            "exec \"$@\" <\"$i\"");

    private static final long PROBE_SECONDS = 10;

    private final Path shell;

    StartGate(Path shell) {
        this.shell = shell;
    }

    /**
     * The gate's argv, then {@code program} and the command's arguments; moves the {@link #SHELL_VARIABLES} of
     * {@code environment} (the command's, changed in place) to their carriers.
     *
     * @param input the file the command reads, or null: it reads what is written to the process after the gate
     * @throws IOException when the environment already holds a carrier name
     */
    List<String> wrap(String program, List<String> command, File input, Map<String, String> environment)
            throws IOException {
        List<String> carried = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (name.startsWith(CARRIER)) {
                throw new IOException("the environment variable " + name + " is reserved for the exec guard's"
                        + " start gate: rename that param");
            }
        }
        for (String name : SHELL_VARIABLES) {
            String value = environment.remove(name);
            if (value != null) {
                environment.put(CARRIER + name, value);
                carried.add(name);
            }
        }
        List<String> argv = new ArrayList<>(command.size() + 7);
        argv.addAll(List.of(
                shell.toString(),
                "-c",
                SCRIPT,
                NAME,
                Long.toString(ProcessHandle.current().pid()),
                input == null ? "" : input.getAbsolutePath(),
                String.join(" ", carried),
                program));
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /**
     * Lets the command of {@code process} (started through {@link #wrap}) start: call once its group is
     * registered. With {@code close}, the pipe is closed after the word (the command reads a file); else it stays
     * open for the caller, and the command reads on from it. A command that has already exited (killed in its
     * first instant) is left to its exit code.
     */
    static void open(Process process, boolean close) {
        OutputStream gate = process.getOutputStream();
        try {
            gate.write(GO);
            gate.flush();
            if (close) {
                gate.close();
            }
        } catch (IOException e) {
            // the gate is gone already: the process has exited, and its exit code says so
        }
    }

    /**
     * Null when a command started through {@code prefix} and the gate runs once opened and gets exactly the
     * environment given, with the special shell variables, a multi-line value and none of the shell's own;
     * else what is wrong. Blocking (one process). {@code cat} prints the command's environment.
     */
    static String probe(List<String> prefix, Path shell, Path cat) {
        if (cat == null) {
            return "no cat to probe it with";
        }
        Map<String, String> given = Map.of(
                "PATH",
                "/usr/bin:/bin",
                "PPID",
                "1",
                "IFS",
                ": ",
                "OPTIND",
                "7",
                "PWD",
                "/nowhere",
                "HOOKSTREAM_PROBE",
                "a b\nc\\n $HOME '\"");
        Map<String, String> environment = new LinkedHashMap<>(given);
        StartGate gate = new StartGate(shell);
        List<String> command = new ArrayList<>(prefix);
        try {
            command.addAll(gate.wrap(
                    cat.toString(), List.of("cat", "/proc/self/environ"), new File("/dev/null"), environment));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .directory(new File("/"));
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            open(process, true);
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readNBytes(65536);
            }
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "the start gate did not finish its probe within " + PROBE_SECONDS + " s";
            }
            if (process.exitValue() != 0) {
                return "the start gate failed its probe (exit " + process.exitValue() + ")";
            }
            Set<String> got = new HashSet<>(Arrays.asList(new String(output, StandardCharsets.UTF_8).split("\0")));
            got.remove("");
            Set<String> wanted = new HashSet<>();
            given.forEach((name, value) -> wanted.add(name + "=" + value));
            return got.equals(wanted)
                    ? null
                    : "the start gate's shell " + shell + " changed the environment of" + " the command ("
                            + (got.size() - wanted.size()) + " more variables, or changed values)";
        } catch (IOException e) {
            return "the start gate could not be probed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the start gate's probe was interrupted";
        }
    }
}
