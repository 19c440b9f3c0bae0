package io.hookstream.standalone;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hookstream} launcher: {@code standalone} runs everything in one process; {@code dispatcher} and
 * {@code worker} run one component against an existing cluster; {@code loadtest} is the load-test tool.
 */
@Command(name = "hookstream", mixinStandardHelpOptions = true, version = "hookstream 0.1.0",
        description = "Kafka-native runner of KubeStash HookTemplate backup and restore hooks.",
        subcommands = {StandaloneCommand.class, DispatcherCommand.class, WorkerCommand.class,
                LoadtestCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
