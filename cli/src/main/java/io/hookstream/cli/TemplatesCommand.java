package io.hookstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hookstream templates}: work with HookTemplate manifests ({@code validate}). */
@Command(
        name = "templates",
        mixinStandardHelpOptions = true,
        description = "Work with HookTemplate manifests.",
        subcommands = {TemplatesValidateCommand.class})
public final class TemplatesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: hookstream templates validate PATH...");
    }
}
