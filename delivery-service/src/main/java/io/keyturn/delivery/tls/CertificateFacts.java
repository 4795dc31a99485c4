package io.keyturn.delivery.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The public facts of a certificate an operator checks: who, by whom, which serial, until when, its fingerprint.
 *
 * @param name the CA's name in the bundle (its file name), or {@code server} for the server certificate
 * @param subject the subject, RFC 2253
 * @param issuer the issuer, RFC 2253
 * @param serialNumber lowercase hex without leading zeros
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256 SHA-256 of the DER encoding, lowercase hex
 */
public record CertificateFacts(String name, String subject, String issuer, String serialNumber, Instant notBefore,
        Instant notAfter, String sha256) {

    public static CertificateFacts of(String name, X509Certificate certificate) {
        return new CertificateFacts(name, certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), sha256(certificate));
    }

    /** Whole days from {@code now} to {@code notAfter}, rounded down (towards minus infinity once expired). */
    public long daysLeft(Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
    }

    /** The subject's CN, or the whole subject if it has none. */
    public String commonName() {
        return commonName(subject);
    }

    static String commonName(String rfc2253) {
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals("CN") && rdn.getValue() instanceof String cn) {
                    return cn;
                }
            }
        } catch (InvalidNameException e) {
            // fall through: name it by the whole subject
        }
        return rfc2253;
    }

    static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
        }
    }
}
