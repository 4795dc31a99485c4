package io.keyturn.simulator;

import io.keyturn.protocol.rule.DeviceContext;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What a unit is, as fixed at manufacture: MAC, model, serial, firmware and hardware versions, the
 * vendor name its HTTP User-Agent starts with, and, for units built with one, the unique client
 * certificate (spa-protocol.md §6) as the {@link SSLContext} that presents it. A unit without one
 * reports {@code $CCERT} = {@code Not Installed}.
 *
 * @param mac 12 lowercase hex digits (any accepted MAC spelling is normalised)
 * @param model the model as {@code $PN} shows it, e.g. {@code SPA962}
 * @param vendor {@code Linksys} or {@code Cisco}, the first word of the User-Agent
 * @param clientCertificate the TLS context holding the unit's unique client certificate and the
 *     server CAs it trusts
 */
public record DeviceIdentity(String mac, String model, String serial, String softwareVersion,
        String hardwareVersion, String vendor, Optional<SSLContext> clientCertificate) {

    /** The firmware the guides' SPA9xx examples show: {@code 6.1.5(a)}. */
    public static final String DEFAULT_SOFTWARE_VERSION = "6.1.5(a)";
    /** A hardware version in the guides' format. */
    public static final String DEFAULT_HARDWARE_VERSION = "1.0.0";

    public DeviceIdentity {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        // DeviceContext owns the MAC and model rules (INVALID_MAC, the model's alphabet): one definition.
        DeviceContext checked = DeviceContext.builder().mac(mac).model(model).build();
        mac = checked.mac();
        model = model.toUpperCase(Locale.ROOT);
        if (serial.isEmpty() || !serial.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '(' && c != ')')) {
            throw new IllegalArgumentException("a serial is printable ASCII without spaces or parentheses");
        }
    }

    /** A Linksys unit of {@code model} with the default firmware and no client certificate. */
    public static DeviceIdentity of(String mac, String model, String serial) {
        return new DeviceIdentity(mac, model, serial, DEFAULT_SOFTWARE_VERSION, DEFAULT_HARDWARE_VERSION,
                "Linksys", Optional.empty());
    }

    /** This unit with a unique client certificate ({@code $CCERT} = {@code Installed}). */
    public DeviceIdentity withClientCertificate(SSLContext context) {
        return new DeviceIdentity(mac, model, serial, softwareVersion, hardwareVersion, vendor,
                Optional.of(context));
    }

    /** This unit running another firmware version. */
    public DeviceIdentity withSoftwareVersion(String version) {
        return new DeviceIdentity(mac, model, serial, version, hardwareVersion, vendor, clientCertificate);
    }

    /** Whether the unit carries a unique client certificate. */
    public boolean hasClientCertificate() {
        return clientCertificate.isPresent();
    }

    /**
     * The HTTP User-Agent of SPA9xx/ATA firmware (spa-protocol.md §6):
     * {@code Linksys/SPA-962-6.1.5(a) (88012BA01234)}: vendor, the model with a dash after {@code SPA},
     * the firmware version, and the serial; no MAC.
     */
    public String userAgent() {
        String product = model.startsWith("SPA") && model.length() > 3 && Character.isDigit(model.charAt(3))
                ? "SPA-" + model.substring(3) : model;
        return vendor + "/" + product + "-" + softwareVersion + " (" + serial + ")";
    }

    /** The MAC, model and serial; never the certificate's contents. */
    @Override
    public String toString() {
        return "DeviceIdentity[mac=" + mac + ", model=" + model + ", serial=" + serial + ", swver=" + softwareVersion
                + (clientCertificate.isPresent() ? ", ccert=Installed" : "") + "]";
    }
}
