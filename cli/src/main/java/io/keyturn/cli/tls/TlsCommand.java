package io.keyturn.cli.tls;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keyturn tls}: the provisioning server's certificate, from request to installation. */
@Command(
        name = "tls",
        mixinStandardHelpOptions = true,
        description = "The HTTPS identity devices check: make a key and CSR for the vendor CA, install the certificate, list the trusted device CAs.",
        subcommands = {TlsCsrCommand.class, TlsInstallCommand.class, TlsCasCommand.class})
public final class TlsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
