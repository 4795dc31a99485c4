package io.keyturn.cli.tls;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The subject CN a SPA unit accepts for its provisioning server (spa-protocol.md §6): the server's FQDN,
 * optionally followed by {@code /anything} (e.g. {@code pv.telco.net/mailto:admin@telco.net}). The unit also
 * resolves the FQDN and compares the address, so it must be a real DNS name: no wildcard (the vendor will not
 * sign one), no IP address, at least two labels.
 */
public record ServerName(String commonName, String fqdn) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** @throws TlsException saying what the device or the vendor CA would refuse */
    public static ServerName parse(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new TlsException("the CN must be the provisioning server's FQDN, e.g. prov.example.net");
        }
        int slash = commonName.indexOf('/');
        String host = (slash < 0 ? commonName : commonName.substring(0, slash)).toLowerCase(Locale.ROOT);
        checkFqdn(host, "CN");
        if (commonName.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new TlsException("the CN must be printable ASCII");
        }
        return new ServerName(commonName, host);
    }

    /** Checks a DNS name for a subjectAltName or the CN's host part. */
    static void checkFqdn(String host, String what) {
        if (host.contains("*")) {
            throw new TlsException(what + " " + host + " is a wildcard: the device vendor's CA does not sign wildcards");
        }
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            throw new TlsException(what + " " + host + " is an address: the device looks the name up in DNS and "
                    + "compares the address, so it must be a host name");
        }
        if (host.length() > 253) {
            throw new TlsException(what + " is longer than 253 characters");
        }
        String[] labels = host.split("\\.", -1);
        if (labels.length < 2) {
            throw new TlsException(what + " " + host + " is not fully qualified (e.g. prov.example.net)");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new TlsException(what + " " + host + " has an invalid label '" + label
                        + "' (letters, digits and inner hyphens, 1 to 63 characters)");
            }
        }
    }
}
