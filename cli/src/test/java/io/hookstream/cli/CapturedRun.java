package io.hookstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command run the way the launcher runs it, with its output captured. */
record CapturedRun(int exitCode, String out, String err) {

    static CapturedRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.execute(command, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CapturedRun(exit, out.toString(), err.toString());
    }
}
