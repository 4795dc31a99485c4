package io.keyturn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keyturn profile}: the offline profile tools an operator used to Cisco's {@code spc} expects. */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = "Encrypt, decrypt and compile SPA configuration profiles ('-' is standard input/output).",
        subcommands = {EncryptProfileCommand.class, DecryptProfileCommand.class, CompileProfileCommand.class})
final class ProfileCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
