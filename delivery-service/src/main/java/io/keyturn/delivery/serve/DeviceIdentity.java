package io.keyturn.delivery.serve;

import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a client certificate says the device is. Sipura/Linksys/Cisco unit certificates carry the identity in the
 * subject (spa-protocol.md §6): {@code S} (stateOrProvinceName) the MAC, {@code OU} the product ({@code SPA-962}),
 * {@code L} the serial. The CN is not used.
 *
 * @param mac 12 lowercase hex digits
 * @param model the OU as given, e.g. {@code SPA-962}
 * @param serial the L as given
 */
public record DeviceIdentity(String mac, String model, String serial) {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private static final String STATE_OID = "2.5.4.8";

    public DeviceIdentity {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
    }

    /** Why a certificate identifies no unit. */
    public enum Problem {
        /** A pre-2.0 certificate shared by every unit ({@code ciscogeneric}). */
        GENERIC,
        /** The subject lacks S, OU or L, or one of them is malformed. */
        MALFORMED
    }

    /** The outcome of reading a certificate: an identity or the problem with it. */
    public record Reading(DeviceIdentity identity, Problem problem) {
        public Optional<DeviceIdentity> asIdentity() {
            return Optional.ofNullable(identity);
        }
    }

    /** Reads the subject of a device certificate. */
    public static Reading of(X509Certificate certificate) {
        return fromSubject(certificate.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
    }

    /** Reads an RFC 2253 subject, e.g. {@code CN=x,L=88012BA01234,OU=SPA-962,ST=000e08abcdef}. */
    public static Reading fromSubject(String rfc2253) {
        String state = null;
        String unit = null;
        String locality = null;
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                String type = rdn.getType().toUpperCase(Locale.ROOT);
                if (!(rdn.getValue() instanceof String value)) {
                    continue;
                }
                switch (type) {
                    case "ST", "S", STATE_OID -> state = once(state, value);
                    case "OU" -> unit = once(unit, value);
                    case "L" -> locality = once(locality, value);
                    default -> {
                        // CN, O, C and the rest do not identify the unit.
                    }
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            return new Reading(null, Problem.MALFORMED);
        }
        if ("ciscogeneric".equalsIgnoreCase(state) || "ciscogeneric".equalsIgnoreCase(locality)
                || "linksysgeneric".equalsIgnoreCase(state) || "linksysgeneric".equalsIgnoreCase(locality)) {
            return new Reading(null, Problem.GENERIC);
        }
        if (state == null || unit == null || locality == null) {
            return new Reading(null, Problem.MALFORMED);
        }
        String mac = state.toLowerCase(Locale.ROOT).replace(":", "").replace("-", "");
        if (!MAC.matcher(mac).matches() || !TEXT.matcher(unit).matches() || !TEXT.matcher(locality).matches()) {
            return new Reading(null, Problem.MALFORMED);
        }
        return new Reading(new DeviceIdentity(mac, unit, locality), null);
    }

    /** A repeated attribute would make the identity ambiguous, so it makes the subject malformed. */
    private static String once(String current, String value) {
        if (current != null) {
            throw new IllegalArgumentException("repeated attribute");
        }
        return value;
    }
}
