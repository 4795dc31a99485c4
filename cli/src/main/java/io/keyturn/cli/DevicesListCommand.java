package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keyturn devices list}: every matching device, one line each, following the cursor page by page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List devices (all pages).")
public final class DevicesListCommand implements Callable<Integer> {

    @Mixin
    RegistryClient registry;

    @Option(names = "--group", description = "group path prefix, e.g. region/north")
    String group;
    @Option(names = "--model")
    String model;
    @Option(names = "--state", description = "registered, active, suspended or decommissioned")
    String state;
    @Option(names = "--tenant")
    String tenant;
    @Option(names = "--unconfirmed-for", description = "ISO-8601 duration, e.g. P1D")
    String unconfirmedFor;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-12s  %-8s  %-14s  %-10s  %s%n", "MAC", "MODEL", "STATE", "GEN/CONF", "GROUP");
        String cursor = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("group", group);
            query.put("model", model);
            query.put("state", state);
            query.put("tenant", tenant);
            query.put("unconfirmedFor", unconfirmedFor);
            query.put("limit", "1000");
            query.put("cursor", cursor);
            JsonNode page = registry.send("GET", registry.uri("/api/v1/devices", query), null, null);
            for (JsonNode d : page.path("items")) {
                out.printf("%-12s  %-8s  %-14s  %-10s  %s%n", d.path("mac").asText(), d.path("model").asText(),
                        d.path("state").asText(), d.path("generation").asText("-") + "/"
                                + d.path("confirmedGeneration").asText("-"), d.path("group").asText(""));
            }
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        out.flush();
        return 0;
    }
}
