package io.keyturn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keyturn rule}: evaluate Profile_Rule expressions the way a device would. */
@Command(
        name = "rule",
        mixinStandardHelpOptions = true,
        description = "Evaluate Profile_Rule expressions as an SPA device would.",
        subcommands = {RuleExpandCommand.class})
final class RuleCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
