package io.hookstream.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a CLI command the way the launcher does: picocli parsing errors and {@link CliException}s end as one line
 * on stderr ({@code hookstream <command>: <message>}) and the exception's exit code, never a stack trace.
 */
public final class Cli {

    private Cli() {}

    /** Adds the error handling of the CLI to a command line (the launcher's, or a test's). */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CliException cli) {
                err.println(qualifiedName(cmd) + ": " + cli.getMessage());
                err.flush();
                return cli.exitCode();
            }
            throw e;
        });
        return commandLine;
    }

    /** {@code hookstream templates validate}: the command's full name, with the launcher's name in front. */
    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        return name.startsWith("hookstream") ? name : "hookstream " + name;
    }

    /** Parses and runs {@code args} against {@code command}, with output to the given writers; the exit code. */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = configure(new CommandLine(command));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }
}
