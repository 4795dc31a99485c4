package io.keyturn.protocol.fuzz;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.MacroTemplate;
import io.keyturn.protocol.rule.Rule;
import io.keyturn.protocol.rule.RuleKind;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the rule parser and evaluator: any text either parses or is refused with a
 * {@link ProtocolException}; a rule that parses formats back to itself and evaluates on a device
 * without any other exception. The first byte picks the rule kind, so all three grammars are reached.
 */
public final class RuleFuzz {

    private static final DeviceContext DEVICE = DeviceContext.builder()
            .mac("000E08012345")
            .model("SPA962")
            .serial("88012BA01234")
            .softwareVersion("2.0.6(b)")
            .hardwareVersion("1.88.1")
            .provisioningState(2)
            .parameter("GPP_A", "ABCDEF")
            .parameter("GPP_B", "$MA")
            .parameter("GPP_SA", "0123456789abcdef0123456789abcdef")
            .dhcpServer("tftp.isp.example")
            .build();

    private RuleFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        RuleKind kind = RuleKind.values()[(input[0] & 0xff) % RuleKind.values().length];
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        Rule rule;
        try {
            rule = Rule.parse(text, kind);
        } catch (ProtocolException refused) {
            macros(text);
            return;
        }
        String formatted = rule.format();
        Rule again = Rule.parse(formatted, kind);
        if (!again.equals(rule)) {
            throw new AssertionError("format() does not round-trip: " + formatted + " reads back as " + again.format());
        }
        try {
            rule.evaluate(DEVICE);
        } catch (ProtocolException refused) {
            // A rule may be well-formed and still not apply to this device (e.g. a --key macro that is empty).
        }
        macros(text);
    }

    /** The same text as a macro template: parse, then expand against the device. */
    private static void macros(String text) {
        try {
            MacroTemplate template = MacroTemplate.parse(text);
            template.expand(DEVICE);
        } catch (ProtocolException refused) {
            // refused with a reason: fine
        }
    }
}
