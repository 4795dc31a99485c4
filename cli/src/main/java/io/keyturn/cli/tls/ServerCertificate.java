package io.keyturn.cli.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A server certificate checked before it is installed: it matches its key (and the request it answers), its
 * chain verifies link by link, its CN is a name the devices accept and, when given, the delivery host, and it is
 * valid now. Anything less would take HTTPS provisioning down for the whole fleet at the next resync.
 *
 * @param warnings what does not stop the installation but needs the operator's attention (expiry within 30 days)
 */
public record ServerCertificate(X509Certificate leaf, List<X509Certificate> chain, PrivateKey key, ServerName name,
        List<String> warnings) {

    /** How long before expiry the check warns. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /**
     * @param certPem the server certificate, optionally followed by its chain
     * @param chainPem the CA certificates that signed it, leaf-most first (may be empty if certPem holds them)
     * @throws TlsException with the first problem found
     */
    public static ServerCertificate check(String certPem, String chainPem, String keyPem, char[] passphrase,
            Optional<String> csrPem, Optional<String> expectedHost, Instant now) {
        List<X509Certificate> certs = new ArrayList<>(Pem.readCertificates(certPem, "--cert"));
        X509Certificate leaf = certs.remove(0);
        if (chainPem != null && !chainPem.isBlank()) {
            certs.addAll(Pem.readCertificates(chainPem, "--chain"));
        }
        PrivateKey key = Pem.readPrivateKey(keyPem, passphrase, "--key");
        if (!matches(key, leaf.getPublicKey())) {
            throw new TlsException("the certificate does not belong to this key (its public key differs)");
        }
        csrPem.ifPresent(pem -> {
            PKCS10CertificationRequest csr = Pem.readRequest(pem, "--csr");
            if (!Arrays.equals(encoded(csr), leaf.getPublicKey().getEncoded())) {
                throw new TlsException("the certificate does not answer this request (their public keys differ)");
            }
        });
        verifyChain(leaf, certs);
        ServerName name = ServerName.parse(commonName(leaf.getSubjectX500Principal()));
        expectedHost.ifPresent(host -> {
            if (!name.fqdn().equalsIgnoreCase(host)) {
                throw new TlsException("the certificate is for " + name.fqdn() + ", but delivery serves devices as "
                        + host + " (the devices compare the two)");
            }
        });
        List<String> warnings = new ArrayList<>();
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new TlsException("the certificate is not valid before " + leaf.getNotBefore().toInstant());
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            throw new TlsException("the certificate expired on " + notAfter);
        }
        long days = Duration.between(now, notAfter).toDays();
        if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            warnings.add("the certificate expires in " + days + " days (" + notAfter + "): request the next one now");
        }
        for (X509Certificate ca : certs) {
            if (!now.isBefore(ca.getNotAfter().toInstant())) {
                throw new TlsException("the chain's " + ca.getSubjectX500Principal().getName() + " expired on "
                        + ca.getNotAfter().toInstant());
            }
        }
        return new ServerCertificate(leaf, List.copyOf(certs), key, name, List.copyOf(warnings));
    }

    /** The certificate and its chain as one PEM file (what servers and the Secret's tls.crt hold). */
    public String chainPem() {
        List<Object> all = new ArrayList<>();
        all.add(leaf);
        all.addAll(chain);
        return Pem.write(all.toArray());
    }

    /** The key as unencrypted PKCS#8 PEM: delivery reads it unattended, so the file's mode 0600 protects it. */
    public String keyPem() {
        return Pem.privateKey(key, null);
    }

    public long daysLeft(Instant now) {
        return Duration.between(now, leaf.getNotAfter().toInstant()).toDays();
    }

    private static byte[] encoded(PKCS10CertificationRequest csr) {
        try {
            return csr.getSubjectPublicKeyInfo().getEncoded();
        } catch (java.io.IOException e) {
            throw new TlsException("--csr holds an unreadable public key");
        }
    }

    /** A signature made with the key verifies with the certificate's public key: works for RSA and EC alike. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(challenge);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(publicKey);
            verify.update(challenge);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void verifyChain(X509Certificate leaf, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new TlsException("no chain: give the vendor CA certificate(s) that signed the server certificate with --chain");
        }
        X509Certificate child = leaf;
        for (X509Certificate issuer : chain) {
            if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new TlsException("the chain is out of order or incomplete: " + name(child) + " was issued by "
                        + child.getIssuerX500Principal().getName() + ", not by " + name(issuer));
            }
            try {
                child.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new TlsException("the signature on " + name(child) + " does not verify with " + name(issuer) + "'s key");
            }
            child = issuer;
        }
    }

    private static String name(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    private static String commonName(X500Principal principal) {
        RDN[] cns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length != 1) {
            throw new TlsException("the certificate's subject must hold exactly one CN, the server's FQDN");
        }
        return IETFUtils.valueToString(cns[0].getFirst().getValue());
    }
}
