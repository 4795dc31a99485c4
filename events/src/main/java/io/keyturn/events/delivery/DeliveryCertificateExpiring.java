package io.keyturn.events.delivery;

import io.keyturn.events.EventData;
import io.keyturn.events.internal.Checks;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@code keyturn.delivery.certificate-expiring} on {@code keyturn.deliveries}: the HTTPS server
 * certificate delivery-service presents to devices expires within 30 days (or already has). A new
 * one must come from the device vendor's CA, which takes days, so this is the operator's warning.
 * Emitted when delivery starts and then once a day per certificate while it stays this close to
 * expiry; a replaced certificate stops the warnings. Carries only public facts of the certificate.
 *
 * @param cn the certificate subject's CN, e.g. {@code prov.example.net} or
 *     {@code prov.example.net/mailto:noc@example.net}; the subject and record key
 * @param serialNumber the certificate serial number, lowercase hex without leading zeros
 * @param notAfter the end of the certificate's validity
 * @param daysLeft whole days from the check to {@code notAfter}, rounded down; at most 30,
 *     negative once expired
 * @param certificateSha256 SHA-256 of the certificate's DER encoding, lowercase hex (the fingerprint
 *     {@code openssl x509 -fingerprint -sha256} prints, without colons)
 */
public record DeliveryCertificateExpiring(
        String cn,
        String serialNumber,
        Instant notAfter,
        long daysLeft,
        String certificateSha256) implements EventData {

    /** The days before expiry from which the warning is emitted. */
    public static final int WARNING_DAYS = 30;

    private static final Pattern SERIAL = Pattern.compile("0|[1-9a-f][0-9a-f]{0,63}");

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeliveryCertificateExpiring {
        Checks.text("cn", cn, 255);
        Checks.matching("serialNumber", serialNumber, SERIAL,
                "must be lowercase hex without leading zeros, at most 64 digits");
        Checks.required("notAfter", notAfter);
        if (daysLeft > WARNING_DAYS) {
            throw Checks.invalid("daysLeft", "must be at most " + WARNING_DAYS);
        }
        Checks.sha256("certificateSha256", certificateSha256);
    }

    @Override
    public String subject() {
        return cn;
    }
}
