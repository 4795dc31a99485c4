package io.keyturn.cli;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code keyturn devices show MAC}: one device with its rotation state, as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one device with its rotation state.")
public final class DevicesShowCommand implements Callable<Integer> {

    @Mixin
    RegistryClient registry;

    @Parameters(paramLabel = "MAC")
    String mac;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        spec.commandLine().getOut().println(registry.pretty(
                registry.send("GET", registry.uri("/api/v1/devices/" + DevicesDecommissionCommand.path(mac), Map.of()),
                        null, null)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
