package io.keyturn.cli.tls;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code keyturn tls cas}: the device CAs delivery-service trusts for client certificates, and the server
 * certificate it presents, as the running service has loaded them (not as the files on some disk say).
 */
@Command(name = "cas", mixinStandardHelpOptions = true,
        description = {"List the vendor CAs delivery-service trusts for device client certificates (name, subject,",
            "serial, expiry, SHA-256 fingerprint, days left) and the server certificate it presents."})
final class TlsCasCommand implements Callable<Integer> {

    @Mixin
    DeliveryApi delivery;

    @Option(names = "--json", description = "Print delivery's JSON answer: {\"deviceCas\": [...], \"serverCertificate\": {...}}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JsonNode cas = delivery.get("/api/v1/tls/device-cas");
        JsonNode server = delivery.get("/api/v1/tls/server-certificate");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            var both = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            both.set("deviceCas", cas);
            both.set("serverCertificate", server);
            out.println(delivery.pretty(both));
            out.flush();
            return 0;
        }
        String format = "%-14s  %-9s  %-20s  %-10s  %-64s  %s%n";
        out.printf(format, "NAME", "DAYS LEFT", "NOT AFTER", "SERIAL", "SHA-256", "SUBJECT");
        for (JsonNode ca : cas) {
            row(out, format, ca);
        }
        out.println();
        out.println("server certificate (loaded " + server.path("loadedAt").asText() + "):");
        row(out, format, server.path("certificate"));
        for (JsonNode c : server.path("chain")) {
            row(out, format, c);
        }
        JsonNode leaf = server.path("certificate");
        if (leaf.path("daysLeft").asLong(Long.MAX_VALUE) <= 30) {
            spec.commandLine().getErr().println("keyturn: warning: the server certificate expires in "
                    + leaf.path("daysLeft").asLong() + " days: keyturn tls csr, then keyturn tls install");
            spec.commandLine().getErr().flush();
        }
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String format, JsonNode c) {
        out.printf(format, c.path("name").asText(), c.path("daysLeft").asText(), c.path("notAfter").asText(),
                c.path("serialNumber").asText(), c.path("sha256").asText(), c.path("subject").asText());
    }
}
