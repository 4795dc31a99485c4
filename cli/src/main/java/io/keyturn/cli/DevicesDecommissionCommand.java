package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyturn devices decommission MAC}: takes the device out of the fleet; its keys are shredded downstream. */
@Command(name = "decommission", mixinStandardHelpOptions = true,
        description = "Decommission a device (final); crypto-service destroys its keys.")
public final class DevicesDecommissionCommand implements Callable<Integer> {

    @Mixin
    RegistryClient registry;

    @Parameters(paramLabel = "MAC")
    String mac;

    @Option(names = "--reason", description = "free text kept in the event and the audit trail")
    String reason;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, String> query = new HashMap<>();
        query.put("reason", reason);
        JsonNode d = registry.send("DELETE", registry.uri("/api/v1/devices/" + path(mac), query), null, null);
        spec.commandLine().getOut().printf("%s: %s (version %d)%n", d.path("mac").asText(), d.path("state").asText(),
                d.path("version").asLong());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The MAC as one path segment; the registry checks and normalises it. */
    static String path(String mac) {
        return URLEncoder.encode(mac, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
