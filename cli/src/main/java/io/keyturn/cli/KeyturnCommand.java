package io.keyturn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code keyturn} operator command line. */
@Command(
        name = "keyturn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Key-rotating provisioning for Cisco/Linksys SPA-family devices.",
        subcommands = {CommandLine.HelpCommand.class})
public final class KeyturnCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new KeyturnCommand());
    }
}
