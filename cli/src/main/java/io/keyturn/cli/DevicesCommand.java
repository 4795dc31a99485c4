package io.keyturn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keyturn devices ...}: the registry's devices over its REST API. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Import, list, show and decommission devices in registry-service.",
        subcommands = {DevicesImportCommand.class, DevicesListCommand.class, DevicesShowCommand.class,
                DevicesDecommissionCommand.class})
public final class DevicesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
