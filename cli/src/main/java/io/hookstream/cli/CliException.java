package io.hookstream.cli;

/**
 * Something the command line cannot do, said in one line for the user ({@link #getMessage()}), with a reason code
 * and the exit code the command ends with. Commands throw it; {@link Cli#execute} prints it as
 * {@code hookstream <command>: <message>} and exits with {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {

    private final String reason;
    private final int exitCode;

    public CliException(String reason, int exitCode, String message) {
        super(message);
        this.reason = reason;
        this.exitCode = exitCode;
    }

    public CliException(String reason, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.exitCode = exitCode;
    }

    public String reason() {
        return reason;
    }

    public int exitCode() {
        return exitCode;
    }
}
