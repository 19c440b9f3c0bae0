package io.hookstream.standalone;

import io.hookstream.cli.Cli;
import io.hookstream.cli.DlqCommand;
import io.hookstream.cli.ResultsCommand;
import io.hookstream.cli.RunCommand;
import io.hookstream.cli.RunsCommand;
import io.hookstream.cli.SigningKeyCommand;
import io.hookstream.cli.TemplatesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hookstream} launcher: {@code standalone} runs everything in one process; {@code dispatcher} and
 * {@code worker} run one component against an existing cluster; {@code loadtest} is the load-test tool;
 * {@code templates validate}, {@code run}, {@code results}, {@code runs} and {@code dlq} are the CLI for operators
 * and orchestrators.
 */
@Command(
        name = "hookstream",
        mixinStandardHelpOptions = true,
        version = "hookstream 0.1.0",
        description = "Kafka-native runner of KubeStash HookTemplate backup and restore hooks.",
        subcommands = {
            StandaloneCommand.class,
            DispatcherCommand.class,
            WorkerCommand.class,
            LoadtestCommand.class,
            TemplatesCommand.class,
            RunCommand.class,
            ResultsCommand.class,
            RunsCommand.class,
            DlqCommand.class,
            SigningKeyCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = Cli.configure(new CommandLine(new Main())).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
