package io.hookstream.loadtest;

/** {@code java -cp ... io.hookstream.loadtest.Main [flags]}: the load-test tool on its own (see {@link LoadTestCommand}). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(LoadTestCommand.execute(args));
    }
}
