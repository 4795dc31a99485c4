package io.keyturn.cli;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.Resolution;
import io.keyturn.protocol.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyturn rule expand}: what a device with the given values would fetch for a Profile_Rule,
 * on one line, key included, because that is what the operator asked to see.
 */
@Command(
        name = "expand",
        mixinStandardHelpOptions = true,
        description = {
            "Print on one line what a device with these values would fetch for RULE: the options (key included)"
                    + " and the URL with scheme and port explicit, e.g.",
            "  [--key 0123abcd] tftp://tftp.callme.com:69/profile/Xy12/spa962.cfg",
            "preceded by the assignments the winning alternative runs, if any; 'skip' when no alternative applies."
        })
final class RuleExpandCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rule", required = true, paramLabel = "RULE",
            description = "The Profile_Rule, e.g. '[--key $A] tftp.callme.com/profile/$B/spa962.cfg' (quote it for the shell).")
    String rule;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "A parameter (GPP_A=..., a=..., Station_Name=..., User_ID_1_=...) or a device macro"
                    + " (SWVER=2.0.12(b), CCERT=Installed, PRVST=2, REGTMR1=0, PSN=...). Repeatable; applied after"
                    + " --mac, --model and --serial, so it can override them.")
    List<String> params = new ArrayList<>();

    @Option(names = "--mac", paramLabel = "MAC", description = "The device MAC: 12 hex digits, ':' or '-' separators allowed.")
    String mac;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "The model, e.g. SPA962: $PN=SPA962 and $PSN=962 (a model without the SPA prefix, like PAP2T,"
                    + " keeps its whole name as $PSN; override with --param PSN=...).")
    String model;

    @Option(names = "--serial", paramLabel = "SN", description = "The serial number ($SN).")
    String serial;

    @Option(names = "--server", paramLabel = "HOST", description = "The DHCP option 66 server, for URLs that name no server.")
    String server;

    @Override
    public Integer call() {
        DeviceContext.Builder device = DeviceContext.builder();
        if (mac != null) {
            device.mac(mac);
        }
        if (model != null) {
            device.model(model);
        }
        if (serial != null) {
            device.serial(serial);
        }
        if (server != null) {
            device.dhcpServer(server);
        }
        for (String param : params) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                // The text is not repeated: it may be a key typed without its name.
                throw new CommandLine.ParameterException(spec.commandLine(), "--param takes NAME=VALUE");
            }
            device.set(param.substring(0, eq), param.substring(eq + 1));
        }
        Optional<Resolution> resolution;
        try {
            resolution = Rule.parse(rule).evaluate(device.build());
        } catch (ProtocolException e) {
            if (e.reason() == ProtocolException.Reason.NO_SERVER) {
                throw new ProtocolException(e.reason(), e.getMessage() + "; give one with --server HOST", e);
            }
            throw e;
        }
        spec.commandLine().getOut().println(resolution.map(Resolution::formatRevealingSecrets).orElse("skip"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
